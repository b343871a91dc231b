/** The use-case service that runs the warm and cold discovery paths and service RPCs. */
package io.entire.transport.application.service;
