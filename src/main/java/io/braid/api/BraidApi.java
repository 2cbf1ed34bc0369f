package io.braid.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Braid's REST API under /braid/api. Access rules are in WEB-INF/web.xml and on the resources. */
@ApplicationPath("/api")
public class BraidApi extends Application {
}
