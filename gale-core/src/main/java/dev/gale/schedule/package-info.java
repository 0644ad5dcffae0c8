/**
 * When requests are meant to be sent: intended send times (fire times) for the open model, and the number
 * of virtual users over time for the closed model. Pure arithmetic: no I/O, no Netty, no clock reads.
 */
package dev.gale.schedule;
