package org.mcrpccds;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class McrpcCdsHooksApplication {
  public static void main(String[] args) {
    SpringApplication.run(McrpcCdsHooksApplication.class, args);
  }
}
