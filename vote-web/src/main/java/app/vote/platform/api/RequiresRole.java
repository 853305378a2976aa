package app.vote.platform.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An API operation for callers holding one of these roles: no or a bad token gets 401, a valid
 * token without the role 403. Ours rather than {@code @RolesAllowed}, which Payara would also
 * enforce against the servlet caller (who is anonymous for bearer-token requests).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresRole {

    String[] value();
}
