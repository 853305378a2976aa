package app.vote.poll.boundary;

/** Which polls a listing shows. "Open" means taking votes now, so a poll past its closing time is closed. */
public enum PollFilter {
    OPEN,
    CLOSED,
    ALL
}
