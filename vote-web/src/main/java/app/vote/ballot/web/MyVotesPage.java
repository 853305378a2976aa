package app.vote.ballot.web;

import app.vote.account.web.CurrentUser;
import app.vote.ballot.boundary.MyVoteView;
import app.vote.ballot.boundary.VotingService;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;

/** "My votes": the polls the signed-in voter voted on and what they chose (web.xml lets voters only in). */
@Named
@RequestScoped
public class MyVotesPage {

    @EJB
    VotingService voting;

    @Inject
    CurrentUser currentUser;

    private List<MyVoteView> votes = List.of();

    public void load() {
        votes = currentUser.username().map(voting::votesOf).orElse(List.of());
    }

    public List<MyVoteView> getVotes() {
        return votes;
    }
}
