package dev.shard.autoconfigure;

import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicInteger;

import dev.shard.event.GatewayEvent;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.context.event.ApplicationListenerMethodAdapter;
import org.springframework.context.event.EventListenerFactory;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.Ordered;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.expression.BeanResolver;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.spel.ExpressionState;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.ast.Assign;
import org.springframework.expression.spel.ast.BeanReference;
import org.springframework.expression.spel.ast.ConstructorReference;
import org.springframework.expression.spel.ast.Elvis;
import org.springframework.expression.spel.ast.FunctionReference;
import org.springframework.expression.spel.ast.OpAnd;
import org.springframework.expression.spel.ast.OpDec;
import org.springframework.expression.spel.ast.OpInc;
import org.springframework.expression.spel.ast.OpOr;
import org.springframework.expression.spel.ast.Ternary;
import org.springframework.expression.spel.ast.TypeReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.util.StringUtils;

/**
 * Creates the listeners of {@code @EventListener} methods that take a Discord event, so that their bean is looked
 * up once instead of on every event, and their {@code condition} is compiled.
 * <p>
 * Why: Spring's method adapter resolves its bean by name ({@code getBean}) for every event it handles, which is
 * right for scoped beans but measured as about 5 % of the CPU per dispatch for the usual singleton listener. The
 * adapter made here is Spring's own ({@code condition}, {@code @Order}, {@code @Async}, return values and errors
 * behave the same) except that it keeps the bean once it has it, when the bean is a singleton (a scoped proxy is
 * one, so refresh-scoped listeners still follow their target).
 * <p>
 * The {@code condition}: Spring's evaluator interprets it on every event and resolves the method's argument types
 * ({@code ResolvableType}, {@code TypeDescriptor}) each time, which measured as most of the listener invocation's
 * cost in a realistic application (BENCHMARKS.md, issue #18). Here it is parsed once with SpEL's compiler in
 * {@link SpelCompilerMode#MIXED MIXED} mode (interpreted until it has run enough times to be compiled to bytecode,
 * and interpreted again if the compiled form meets types it was not compiled for), against the same evaluation
 * context as Spring's: {@code #root.event}, {@code #root.args}, the parameter by name, {@code #a0} and
 * {@code #p0}, and {@code @bean} references, its value converted to {@code Boolean} as Spring does. Methods of
 * any other event type, and
 * {@code @TransactionalEventListener} methods (their factory comes first), are left to Spring's factories.
 */
final class DiscordEventListenerFactory implements EventListenerFactory, Ordered, BeanFactoryAware {

	private BeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public int getOrder() {
		// after the transactional factory (50), before Spring's default one (lowest precedence)
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public boolean supportsMethod(Method method) {
		Class<?>[] parameters = method.getParameterTypes();
		return this.beanFactory != null && parameters.length == 1 && GatewayEvent.class.isAssignableFrom(parameters[0]);
	}

	@Override
	public ApplicationListener<?> createApplicationListener(String beanName, Class<?> type, Method method) {
		return new SingletonListenerMethodAdapter(beanName, type, method, this.beanFactory);
	}

	static final class SingletonListenerMethodAdapter extends ApplicationListenerMethodAdapter {

		private final String beanName;

		private final BeanFactory beanFactory;

		private final Class<?> parameterType;

		private final CompiledCondition condition;

		private volatile Object bean;

		SingletonListenerMethodAdapter(String beanName, Class<?> type, Method method, BeanFactory beanFactory) {
			super(beanName, type, method);
			this.beanName = beanName;
			this.beanFactory = beanFactory;
			this.parameterType = method.getParameterTypes()[0];
			this.condition = StringUtils.hasText(getCondition())
					? new CompiledCondition(getCondition(), method, beanFactory) : null;
		}

		/**
		 * A Discord event goes straight to the method: its one argument is the payload, and the condition is the
		 * compiled one. Anything else takes Spring's path.
		 */
		@Override
		public void processEvent(ApplicationEvent event) {
			if (event instanceof PayloadApplicationEvent<?> payloadEvent
					&& this.parameterType.isInstance(payloadEvent.getPayload())) {
				Object[] args = { payloadEvent.getPayload() };
				if (this.condition == null || this.condition.matches(event, args)) {
					Object result = doInvoke(args);
					if (result != null) {
						handleResult(result);
					}
				}
				return;
			}
			super.processEvent(event);
		}

		@Override
		protected Object getTargetBean() {
			Object bean = this.bean;
			if (bean == null) {
				bean = super.getTargetBean();
				if (this.beanFactory.isSingleton(this.beanName)) {
					this.bean = bean;
				}
			}
			return bean;
		}

	}

	/** A listener's {@code condition}, parsed once for SpEL's compiler. Thread-safe. */
	static final class CompiledCondition {

		private static final DefaultParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

		private static final TypeDescriptor BOOLEAN = TypeDescriptor.valueOf(Boolean.class);

		/** Evaluations after which priming stops trying (the expression then stays with SpEL's own MIXED mode). */
		static final int PRIMING_ATTEMPTS = 256;

		private final SpelExpression expression;

		private final String parameterName;

		private final BeanFactoryResolver beans;

		/** Whether the operands short-circuiting skipped may be evaluated once for their types (no side effects). */
		private final boolean primable;

		private final AtomicInteger primingAttempts = new AtomicInteger(PRIMING_ATTEMPTS);

		private volatile boolean compiled;

		CompiledCondition(String condition, Method method, BeanFactory beanFactory) {
			SpelExpressionParser parser = new SpelExpressionParser(
					new SpelParserConfiguration(SpelCompilerMode.MIXED, method.getDeclaringClass().getClassLoader()));
			this.expression = (SpelExpression) parser.parseExpression(condition);
			String[] names = PARAMETER_NAMES.getParameterNames(method);
			this.parameterName = (names != null && names.length == 1) ? names[0] : null;
			this.beans = new BeanFactoryResolver(beanFactory);
			this.primable = isFreeOfSideEffects(this.expression.getAST());
		}

		boolean matches(ApplicationEvent event, Object[] args) {
			EvaluationContext context = new ConditionContext(new Root(event, args), this.beans, this.parameterName);
			Object value = this.expression.getValue(context);
			// a Boolean as it is (asking SpEL for a Boolean looks a converter up on every event); anything else
			// converted as Spring does, so "true", "on", "yes" and "1" pass too
			boolean matches = (value instanceof Boolean b) ? b
					: Boolean.TRUE.equals(context.getTypeConverter()
						.convertValue(value, TypeDescriptor.forObject(value), BOOLEAN));
			if (!this.compiled && this.primable && this.primingAttempts.get() > 0
					&& this.primingAttempts.decrementAndGet() >= 0) {
				prime(context);
			}
			return matches;
		}

		/**
		 * SpEL compiles a node only once it has been evaluated (it needs the types it met), so the usual condition
		 * {@code #event.message().content() == '!ping' and ...} never compiles while its left side is false: the
		 * right side never runs, and MIXED mode gives up after a hundred failed attempts. Here every operand of
		 * {@code and}, {@code or}, {@code ?:} and the ternary is evaluated once on its own against the real event
		 * (failures, such as a null the skipped guard was for, are ignored), and then the expression is compiled.
		 * Only done when the expression cannot have side effects: no bean, type or constructor references, no
		 * functions, assignments, increments or decrements.
		 */
		private void prime(EvaluationContext context) {
			evaluateOperands(this.expression.getAST(), context);
			this.compiled = compile();
		}

		private static void evaluateOperands(SpelNode node, EvaluationContext context) {
			boolean branching = node instanceof OpAnd || node instanceof OpOr || node instanceof Ternary
					|| node instanceof Elvis;
			for (int i = 0; i < node.getChildCount(); i++) {
				SpelNode child = node.getChild(i);
				if (branching) {
					try {
						child.getValue(new ExpressionState(context));
					}
					catch (RuntimeException ex) {
						// the guard that was skipped was there for this: the types stay unknown, SpEL stays interpreted
					}
				}
				evaluateOperands(child, context);
			}
		}

		private static boolean isFreeOfSideEffects(SpelNode node) {
			if (node instanceof BeanReference || node instanceof TypeReference || node instanceof ConstructorReference
					|| node instanceof FunctionReference || node instanceof Assign || node instanceof OpInc
					|| node instanceof OpDec) {
				return false;
			}
			for (int i = 0; i < node.getChildCount(); i++) {
				if (!isFreeOfSideEffects(node.getChild(i))) {
					return false;
				}
			}
			return true;
		}

		/**
		 * Compiles the expression now if SpEL can, instead of after its interpreted runs.
		 * @return whether the expression is compiled
		 */
		boolean compile() {
			return this.expression.compileExpression();
		}

		/** Whether this condition has been compiled to bytecode by {@link #prime priming}. */
		boolean isCompiled() {
			return this.compiled;
		}

		/** The root object of Spring's event conditions: {@code #root.event} and {@code #root.args}. */
		public record Root(ApplicationEvent event, Object[] args) {
		}

		/**
		 * Spring's variables for an event condition, looked up on demand as Spring's
		 * {@code MethodBasedEvaluationContext} does, instead of put into the variable map for every event.
		 */
		private static final class ConditionContext extends StandardEvaluationContext {

			private final Object argument;

			private final String parameterName;

			ConditionContext(Root root, BeanResolver beans, String parameterName) {
				super(root);
				setBeanResolver(beans);
				this.argument = root.args()[0];
				this.parameterName = parameterName;
			}

			@Override
			public Object lookupVariable(String name) {
				Object value = super.lookupVariable(name);
				if (value == null && ("a0".equals(name) || "p0".equals(name) || name.equals(this.parameterName))) {
					return this.argument;
				}
				return value;
			}

		}

	}

}
