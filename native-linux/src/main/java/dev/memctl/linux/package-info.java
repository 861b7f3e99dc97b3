/**
 * The Linux memory provider ({@link dev.memctl.linux.LinuxMemoryProvider}) and what Linux says
 * about a process's memory ({@link dev.memctl.linux.ProcMemoryInfo}).
 */
package dev.memctl.linux;
