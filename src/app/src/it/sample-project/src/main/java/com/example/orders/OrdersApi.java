package com.example.orders;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The team's own REST API at /api, with no class list: Jakarta REST gives it every resource in the WAR. */
@ApplicationPath("/api")
public class OrdersApi extends Application {
}
