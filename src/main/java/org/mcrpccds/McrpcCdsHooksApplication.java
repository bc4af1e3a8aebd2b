package org.mcrpccds;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class McrpcCdsHooksApplication {
  public static void main(String[] args) {
    SpringApplication.run(McrpcCdsHooksApplication.class, args);
  }
}
