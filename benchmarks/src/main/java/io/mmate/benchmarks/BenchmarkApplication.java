package io.mmate.benchmarks;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Runs the benchmarks named on the command line against the local broker and prints, and writes, their results.
 */
@SpringBootApplication
public class BenchmarkApplication {

	public static void main(String[] args) {
		System.exit(SpringApplication.exit(SpringApplication.run(BenchmarkApplication.class, args)));
	}

}
