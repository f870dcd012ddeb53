package io.objmeta.client.cli;

import io.objmeta.api.proto.ClusterStatusRequest;
import io.objmeta.api.proto.ClusterStatusResponse;
import io.objmeta.api.proto.Member;
import io.objmeta.client.MetaClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code metactl cluster status}. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Inspect the cluster.",
        subcommands = {ClusterCommands.Status.class},
        footerHeading = "%nExamples:%n", footer = {"  metactl cluster status", "  metactl -o json cluster status"})
final class ClusterCommands {

    static void printMembers(Base cmd, List<Member> members, String leaderId) {
        Base.Table t = new Base.Table("ID", "ROLE", "TERM", "COMMIT", "APPLIED", "RAFT_ADDRESS", "API_ADDRESS");
        for (Member m : members) {
            String role = switch (m.getRole()) {
                case MEMBER_ROLE_UNSPECIFIED -> m.getId().equals(leaderId) ? "LEADER" : "UNKNOWN";
                default -> m.getRole().name();
            };
            t.row(m.getId(), role, m.getTerm(), m.getCommitIndex(), m.getAppliedIndex(), m.getAddress(),
                    m.getApiAddress());
        }
        t.print(cmd.out());
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Members of the Raft group with role, term, commit and applied index and API address, "
                    + "as seen by the node that answers."},
            footerHeading = "%nExamples:%n",
            footer = {"  metactl cluster status", "  metactl -e 10.0.0.2:7750 cluster status --local",
                    "  metactl -o json cluster status | jq -r .leaderId"})
    static final class Status extends Base {
        @Option(names = "--local", description = "only what the answering node knows (no calls to its peers)")
        boolean local;

        @Override
        void run(MetaClient c) {
            ClusterStatusResponse r = c.clusterStatus(ClusterStatusRequest.newBuilder().setLocalOnly(local).build())
                    .join();
            if (json()) {
                printJson(r);
                return;
            }
            printFields(List.<String[]>of(field("Group", dash(r.getGroupId())), field("Leader", dash(r.getLeaderId())),
                    field("AnsweredBy", dash(r.getSelfId())), field("Revision", r.getRevision())));
            out().println();
            printMembers(this, r.getMembersList(), r.getLeaderId());
        }
    }
}
