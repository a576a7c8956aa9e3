package dev.shard.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The sample bot. */
@SpringBootApplication
public class SampleBotApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleBotApplication.class, args);
	}

}
