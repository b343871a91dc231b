/** The {@code git-remote-entire} executable: git runs it for {@code entire://} URLs (DESIGN §7). */
package io.entire.transport.bootstrap.helper;
