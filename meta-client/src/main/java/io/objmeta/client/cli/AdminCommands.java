package io.objmeta.client.cli;

import io.objmeta.api.proto.AddMemberRequest;
import io.objmeta.api.proto.AddMemberResponse;
import io.objmeta.api.proto.RemoveMemberRequest;
import io.objmeta.api.proto.RemoveMemberResponse;
import io.objmeta.api.proto.SnapshotNowRequest;
import io.objmeta.api.proto.SnapshotNowResponse;
import io.objmeta.api.proto.TransferLeaderRequest;
import io.objmeta.api.proto.TransferLeaderResponse;
import io.objmeta.client.MetaClient;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code metactl admin add-member|remove-member|transfer-leader|snapshot}. */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Change the membership, move the leadership, take a snapshot.",
        subcommands = {AdminCommands.AddMember.class, AdminCommands.RemoveMember.class,
                AdminCommands.TransferLeader.class, AdminCommands.Snapshot.class},
        footerHeading = "%nExamples:%n",
        footer = {"  metactl admin add-member n4 10.0.0.4:7751 10.0.0.4:7750",
                "  metactl admin remove-member n4", "  metactl admin transfer-leader n2",
                "  metactl admin snapshot"})
final class AdminCommands {

    @Command(name = "add-member", mixinStandardHelpOptions = true,
            description = {"Add a node to the Raft group (start it first with an empty data directory); prints the "
                    + "new membership."},
            footerHeading = "%nExamples:%n",
            footer = {"  metactl admin add-member n4 10.0.0.4:7751 10.0.0.4:7750",
                    "  metactl admin add-member r1 10.0.1.1:7751 10.0.1.1:7750 --listener"})
    static final class AddMember extends Base {
        @Parameters(index = "0", paramLabel = "ID", description = "the node's id (its --node-id)")
        String id;

        @Parameters(index = "1", paramLabel = "RAFT_ADDR", description = "its Raft address, host:port")
        String raftAddress;

        @Parameters(index = "2", paramLabel = "API_ADDR", description = "its API address, host:port")
        String apiAddress;

        @Option(names = "--listener", description = "as a non-voting listener")
        boolean listener;

        @Override
        void run(MetaClient c) {
            AddMemberResponse r = c.addMember(AddMemberRequest.newBuilder().setId(id).setAddress(raftAddress)
                    .setApiAddress(apiAddress).setListener(listener).build()).join();
            if (json()) {
                printJson(r);
            } else {
                ClusterCommands.printMembers(this, r.getMembersList(), "");
            }
        }
    }

    @Command(name = "remove-member", mixinStandardHelpOptions = true,
            description = "Remove a node from the Raft group; prints the new membership.",
            footerHeading = "%nExamples:%n", footer = {"  metactl admin remove-member n4"})
    static final class RemoveMember extends Base {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        void run(MetaClient c) {
            RemoveMemberResponse r = c.removeMember(RemoveMemberRequest.newBuilder().setId(id).build()).join();
            if (json()) {
                printJson(r);
            } else {
                ClusterCommands.printMembers(this, r.getMembersList(), "");
            }
        }
    }

    @Command(name = "transfer-leader", mixinStandardHelpOptions = true,
            description = "Move the leadership to member ID (or one the cluster chooses); prints the new leader.",
            footerHeading = "%nExamples:%n",
            footer = {"  metactl admin transfer-leader n2", "  metactl admin transfer-leader --wait 30s"})
    static final class TransferLeader extends Base {
        @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "the new leader (default: any)")
        String id = "";

        @Option(names = "--wait", paramLabel = "DURATION", converter = Metactl.DurationConverter.class,
                description = "how long the server tries (default: the server's)")
        Duration wait;

        @Override
        void run(MetaClient c) {
            TransferLeaderRequest.Builder b = TransferLeaderRequest.newBuilder().setTargetId(id);
            if (wait != null) {
                b.setTimeoutMillis(wait.toMillis());
            }
            TransferLeaderResponse r = c.transferLeader(b.build()).join();
            if (json()) {
                printJson(r);
            } else {
                printFields(List.<String[]>of(field("Leader", dash(r.getLeaderId()))));
            }
        }
    }

    @Command(name = "snapshot", mixinStandardHelpOptions = true,
            description = "Take a snapshot on the answering node now; prints what it covers.",
            footerHeading = "%nExamples:%n", footer = {"  metactl admin snapshot"})
    static final class Snapshot extends Base {
        @Override
        void run(MetaClient c) {
            SnapshotNowResponse r = c.snapshotNow(SnapshotNowRequest.getDefaultInstance()).join();
            if (json()) {
                printJson(r);
            } else {
                printFields(List.<String[]>of(field("AppliedIndex", r.getAppliedIndex()), field("Revision", r.getRevision()),
                        field("Term", r.getTerm()), field("SizeBytes", r.getSizeBytes())));
                if (r.getAppliedIndex() == 0) {
                    out().println("(no snapshot: the server declined to take one, e.g. too few log entries yet)");
                }
            }
        }
    }
}
