/**
 * {@code metactl}, the operator CLI (picocli): every RPC of {@code objmeta.v1.Metadata} from a shell, through
 * {@link io.objmeta.client.MetaClient}. {@link io.objmeta.client.cli.Metactl} is the root command and the entry
 * point ({@code main}, or {@link io.objmeta.client.cli.Metactl#run} for tests and embedding).
 *
 * <p>Choices DESIGN leaves open, written down here and in the README:
 * <ul>
 *   <li>Output: tables (aligned columns, upper-case headers) or "Name: value" lines for one object, for people;
 *   {@code -o json} prints proto3 JSON ({@code JsonFormat}, every field including defaults, one object per line),
 *   the messages of service.proto unchanged, so scripts see the same field names as the HTTP/JSON API. Paged
 *   listings with {@code --all} are merged into one response object.</li>
 *   <li>Exit codes: 0 ok, 1 other, 2 usage (including INVALID_ARGUMENT from the client or server), 3 NOT_FOUND,
 *   4 FAILED_PRECONDITION / ALREADY_EXISTS / ABORTED (conflicts), 5 UNAVAILABLE (after the retries). Errors are
 *   one line on stderr: {@code metactl: <message>}.</li>
 *   <li>Endpoints: {@code --endpoints}, else {@code $OBJMETA_ENDPOINTS}, else {@code 127.0.0.1:7750}; global
 *   options are inherited, so they may follow the subcommand.</li>
 *   <li>Each invocation is one client with a fresh client id: its writes carry requestIds, so its own retries
 *   apply once; a re-run of the command is a new write.</li>
 * </ul>
 */
package io.objmeta.client.cli;
