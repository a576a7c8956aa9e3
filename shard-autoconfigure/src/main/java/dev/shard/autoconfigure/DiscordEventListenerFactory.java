package dev.shard.autoconfigure;

import java.lang.reflect.Method;

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
import org.springframework.expression.Expression;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
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

		private final Expression expression;

		private final String parameterName;

		private final BeanFactoryResolver beans;

		CompiledCondition(String condition, Method method, BeanFactory beanFactory) {
			SpelExpressionParser parser = new SpelExpressionParser(
					new SpelParserConfiguration(SpelCompilerMode.MIXED, method.getDeclaringClass().getClassLoader()));
			this.expression = parser.parseExpression(condition);
			String[] names = PARAMETER_NAMES.getParameterNames(method);
			this.parameterName = (names != null && names.length == 1) ? names[0] : null;
			this.beans = new BeanFactoryResolver(beanFactory);
		}

		boolean matches(ApplicationEvent event, Object[] args) {
			StandardEvaluationContext context = new StandardEvaluationContext(new Root(event, args));
			context.setBeanResolver(this.beans);
			context.setVariable("a0", args[0]);
			context.setVariable("p0", args[0]);
			if (this.parameterName != null) {
				context.setVariable(this.parameterName, args[0]);
			}
			// as Spring does: converted to Boolean, so "true", "on", "yes" and "1" pass too
			return Boolean.TRUE.equals(this.expression.getValue(context, Boolean.class));
		}

		/**
		 * For tests: compiles the expression now if SpEL can, instead of after its interpreted runs.
		 * @return whether the expression is compiled
		 */
		boolean compile() {
			return ((SpelExpression) this.expression).compileExpression();
		}

		/** The root object of Spring's event conditions: {@code #root.event} and {@code #root.args}. */
		public record Root(ApplicationEvent event, Object[] args) {
		}

	}

}
