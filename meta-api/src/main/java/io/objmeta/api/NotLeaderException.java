package io.objmeta.api;

import static java.util.Objects.requireNonNull;

/**
 * The member that received the request is not the Raft leader and cannot forward it
 * (UNAVAILABLE, HTTP 503). Carries the leader when known, so a caller may retry there;
 * both hints are empty when no leader is known.
 */
public final class NotLeaderException extends MetadataException {
  private final String leaderId;
  private final String leaderAddress; // the leader's API address, host:port

  public NotLeaderException(String leaderId, String leaderAddress) {
    this(message(leaderId, leaderAddress), leaderId, leaderAddress);
  }

  NotLeaderException(String message, String leaderId, String leaderAddress) {
    super(Code.UNAVAILABLE, message);
    this.leaderId = requireNonNull(leaderId, "leaderId");
    this.leaderAddress = requireNonNull(leaderAddress, "leaderAddress");
  }

  private static String message(String leaderId, String leaderAddress) {
    if (leaderId.isEmpty() && leaderAddress.isEmpty()) {
      return "not the leader; no leader is known";
    }
    return "not the leader; leader: " + leaderId
        + (leaderAddress.isEmpty() ? "" : " at " + leaderAddress);
  }

  public String leaderId() {
    return leaderId;
  }

  public String leaderAddress() {
    return leaderAddress;
  }
}
