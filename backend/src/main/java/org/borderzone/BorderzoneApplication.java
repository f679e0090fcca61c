package org.borderzone;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Borderzone: a PostGIS-backed server and Leaflet map for a shared border (see ARCHITECTURE.md). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BorderzoneApplication {

  public static void main(String[] args) {
    SpringApplication.run(BorderzoneApplication.class, args);
  }
}
