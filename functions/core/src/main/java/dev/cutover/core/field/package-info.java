/**
 * Reading JSON trees field by field, collecting every problem as a {@link dev.cutover.core.error.FieldError} with
 * its path ({@code a.b[2].c}). One reader serves specs, workflow inputs and hook events; each format supplies a
 * {@link dev.cutover.core.field.Dialect} that words the problems its own way and chooses the exception thrown.
 *
 * <p>Sits just above {@code error} and {@code port.model}: it imports nothing else of ours.
 */
package dev.cutover.core.field;
