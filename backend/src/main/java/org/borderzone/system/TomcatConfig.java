package org.borderzone.system;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Tomcat, set up so that every error it answers itself is problem+json like the rest of the server.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfig {

  /**
   * Lets Tomcat pass an encoded slash ({@code %2F}) in a path on to the application instead of refusing it:
   * Spring Security's firewall then refuses it with a 400 that {@link ProblemErrorController} answers.
   */
  @Bean
  TomcatConnectorCustomizer encodedSolidusPassThrough() {
    return connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
  }

  /**
   * Puts {@link ProblemReportValve} in place of every {@link ErrorReportValve} of the host (Spring Boot adds
   * one of its own). Ordered last so that it runs after Spring Boot's customizer has added its valve; the
   * host's error report valve class names ours, so that Tomcat does not add its default at start either.
   */
  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemReportValve(ObjectProvider<ProblemWriter> writer) {
    return new OrderedCustomizer() {
      @Override
      public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
          StandardHost host = (StandardHost) context.getParent();
          for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve) {
              host.getPipeline().removeValve(valve);
            }
          }
          host.setErrorReportValveClass(ProblemReportValve.class.getName());
          host.getPipeline().addValve(new ProblemReportValve(writer::getObject));
        });
      }

      @Override
      public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
      }
    };
  }

  private interface OrderedCustomizer extends WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {}
}
