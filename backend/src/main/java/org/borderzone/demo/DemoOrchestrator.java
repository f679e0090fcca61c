package org.borderzone.demo;

import org.borderzone.border.BorderLoader;
import org.borderzone.exchange.DemoExchange;
import org.borderzone.incidents.DemoIncidents;
import org.borderzone.patrol.DemoNetworkSeeder;
import org.borderzone.security.DemoUsers;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The demo profile's data, seeded in one place and in an order that reads top to bottom (each step is idempotent
 * and does nothing when its data is there, so a restart keeps what users changed):
 * <ol>
 *   <li>the demo accounts ({@link DemoUsers}), so the first administrator from the environment is not needed;</li>
 *   <li>the reference border ({@link BorderLoader}; it also runs on its own outside the demo), which
 *       everything below is built on;</li>
 *   <li>pillars and three years of inspection history ({@link DemoSeeder});</li>
 *   <li>the patrol network and bases ({@link DemoNetworkSeeder});</li>
 *   <li>the synthetic incidents ({@link DemoIncidents});</li>
 *   <li>a year of synthetic exchange between the organisations over those incidents ({@link DemoExchange}).</li>
 * </ol>
 * It runs before every other start-up runner (the only {@code @Order} among them): those need no order between
 * themselves, and after the demo data they find the users (so {@code FirstAdmin} creates none), the border
 * (so {@code BorderLoader} returns at once) and the network ({@code GraphHolder} builds the graph from it).
 */
@Component
@Profile("demo")
@Order(Ordered.HIGHEST_PRECEDENCE)
class DemoOrchestrator implements ApplicationRunner {

  private final DemoUsers users;
  private final BorderLoader border;
  private final DemoSeeder history;
  private final DemoIncidents incidents;
  private final DemoNetworkSeeder network;
  private final DemoExchange exchange;

  DemoOrchestrator(DemoUsers users, BorderLoader border, DemoSeeder history, DemoIncidents incidents,
      DemoNetworkSeeder network, DemoExchange exchange) {
    this.users = users;
    this.border = border;
    this.history = history;
    this.incidents = incidents;
    this.network = network;
    this.exchange = exchange;
  }

  @Override
  public void run(ApplicationArguments args) {
    users.seed();
    border.loadIfEmpty();
    history.seed();
    network.seed();
    incidents.seed();
    exchange.seed();
  }
}
