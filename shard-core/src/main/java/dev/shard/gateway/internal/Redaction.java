package dev.shard.gateway.internal;

import java.util.regex.Pattern;

/** Masks secrets in gateway JSON before it is logged (the bot token in Identify/Resume, voice/interaction tokens). */
public final class Redaction {

	private static final Pattern TOKEN = Pattern.compile("(\"token\"\\s*:\\s*)\"(?:[^\"\\\\]|\\\\.)*\"");

	private Redaction() {
	}

	public static String mask(String json) {
		return TOKEN.matcher(json).replaceAll("$1\"[redacted]\"");
	}

}
