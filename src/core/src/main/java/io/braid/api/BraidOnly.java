package io.braid.api;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Braid's resources answer only under {@link BraidApi#PATH}. A host application whose own {@code Application} returns
 * no classes gets, by the Jakarta REST rules, every resource and provider in the WAR, Braid's included; under its own
 * path Braid's cross-site filter, security headers and access rules (mapped to /braid/*) would not apply. This filter
 * comes along with them and answers 404 there.
 */
@Provider
public class BraidOnly implements ContainerRequestFilter {
    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Class<?> target = resource.getResourceClass();
        if (target != null && target.getPackageName().equals(BraidOnly.class.getPackageName())
                && !underBraidApi(request.getUriInfo().getBaseUri().getPath())) {
            throw new NotFoundException();
        }
    }

    /** The application's base path, with or without its closing slash, ends in Braid's. */
    static boolean underBraidApi(String basePath) {
        String p = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
        return p.endsWith(BraidApi.PATH);
    }
}
