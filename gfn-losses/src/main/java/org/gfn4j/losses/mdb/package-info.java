/**
 * Modified detailed balance (Deleu et al., UAI 2022): detailed balance for environments where every state is
 * terminal, with the state flow replaced by {@code R(s) / PF(exit|s)}. Registered as objective {@code "mdb"}.
 */
package org.gfn4j.losses.mdb;
