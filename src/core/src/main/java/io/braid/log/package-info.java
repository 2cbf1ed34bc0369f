/** Braid's log messages, numbered as Liberty's and JBeret's are, so operators can search and alert on them. */
package io.braid.log;
