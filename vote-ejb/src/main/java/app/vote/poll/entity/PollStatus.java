package app.vote.poll.entity;

/** Whether a poll takes votes. A poll past its closing time counts as closed even if still stored as open. */
public enum PollStatus {
    OPEN,
    CLOSED
}
