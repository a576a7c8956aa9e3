package dev.shard.autoconfigure.session;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The table of {@link JdbcSessionStore}: the DDL scripts shipped for PostgreSQL, MariaDB and MySQL
 * ({@code dev/shard/autoconfigure/session/schema-<platform>.sql}, table {@value JdbcSessionStore#DEFAULT_TABLE_NAME}),
 * and {@link #initialize(DataSource, String)}, which creates the table if it does not exist (for
 * {@code discord.gateway.session-store.jdbc.initialize-schema}).
 */
public final class JdbcSessionStoreSchema {

	private static final String DIRECTORY = "dev/shard/autoconfigure/session/";

	private static final Pattern DEFAULT_TABLE = Pattern
		.compile("\\b" + Pattern.quote(JdbcSessionStore.DEFAULT_TABLE_NAME) + "\\b");

	private JdbcSessionStoreSchema() {
	}

	/**
	 * Where the DDL script of a database is, e.g. {@code classpath:dev/shard/autoconfigure/session/schema-mariadb.sql}.
	 * @param databaseProductName the database, as {@link java.sql.DatabaseMetaData#getDatabaseProductName()} names
	 * it: PostgreSQL, MariaDB or MySQL
	 * @return the script's location
	 * @throws IllegalArgumentException for another database
	 */
	public static String scriptLocation(String databaseProductName) {
		return "classpath:" + DIRECTORY + "schema-" + platform(databaseProductName) + ".sql";
	}

	static String platform(String databaseProductName) {
		Objects.requireNonNull(databaseProductName, "databaseProductName");
		String name = databaseProductName.toLowerCase(Locale.ROOT);
		if (name.contains("postgresql")) {
			return "postgresql";
		}
		if (name.contains("mariadb")) {
			return "mariadb";
		}
		if (name.contains("mysql")) {
			return "mysql";
		}
		throw new IllegalArgumentException("The JDBC session store creates its table on PostgreSQL, MariaDB and "
				+ "MySQL, not on " + databaseProductName + ": create it yourself (as in " + DIRECTORY
				+ "schema-postgresql.sql) and set discord.gateway.session-store.jdbc.initialize-schema=false");
	}

	/**
	 * The DDL script of a database, creating {@code tableName}.
	 * @param databaseProductName the database (PostgreSQL, MariaDB or MySQL)
	 * @param tableName the table, optionally schema-qualified
	 * @return the script
	 * @throws IllegalArgumentException for another database or a name that is not a table name
	 */
	public static String script(String databaseProductName, String tableName) {
		String table = JdbcSessionStore.requireTableName(tableName);
		String path = DIRECTORY + "schema-" + platform(databaseProductName) + ".sql";
		String script;
		try (InputStream in = JdbcSessionStoreSchema.class.getClassLoader().getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException(path + " is missing from the class path");
			}
			script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException(path + " could not be read: " + ex.getMessage(), ex);
		}
		return DEFAULT_TABLE.matcher(script).replaceAll(Matcher.quoteReplacement(table));
	}

	/**
	 * Create the session table if it does not exist, with the script of the database {@code dataSource} connects
	 * to.
	 * @param dataSource the database (PostgreSQL, MariaDB or MySQL)
	 * @param tableName the table, optionally schema-qualified
	 * @throws IllegalArgumentException for another database or a name that is not a table name
	 * @throws org.springframework.dao.DataAccessException if the database could not be reached or refused the DDL
	 */
	public static void initialize(DataSource dataSource, String tableName) {
		Objects.requireNonNull(dataSource, "dataSource");
		JdbcSessionStore.requireTableName(tableName);
		String product;
		try (Connection connection = dataSource.getConnection()) {
			product = connection.getMetaData().getDatabaseProductName();
		}
		catch (SQLException ex) {
			throw new DataAccessResourceFailureException(
					"Could not ask the database which it is, to create the session table " + tableName, ex);
		}
		String script = script(product, tableName);
		ResourceDatabasePopulator populator = new ResourceDatabasePopulator(new ByteArrayResource(
				script.getBytes(StandardCharsets.UTF_8), "the session table DDL for " + product + " (" + tableName + ")"));
		populator.execute(dataSource);
	}

}
