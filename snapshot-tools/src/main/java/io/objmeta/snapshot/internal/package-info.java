/**
 * The commands of {@code metasnap}, one file each ({@code InfoCommand}, {@code VerifyCommand}, ...), and what they
 * share: {@code Input} (detecting, checking and opening an input read-only), {@code LmdbHeader} (the meta page
 * check before LMDB maps a file), {@code Locks} (who holds a directory), {@code Json} and {@code Text} (output),
 * {@code Progress} (the terminal progress bar) and {@code ExitCodes}. Not an API.
 */
package io.objmeta.snapshot.internal;
