/*
 * The only script of the app's own: shows "updating live" on a poll page while its push socket
 * is open (poll.xhtml's <f:websocket onopen/onclose>). Everything else works without JavaScript.
 */
window.voteLive = {
    opened: function () {
        document.body.setAttribute("data-live", "open");
        var status = document.getElementById("live-status");
        if (status) {
            status.hidden = false;
        }
    },
    closed: function () {
        document.body.setAttribute("data-live", "closed");
        var status = document.getElementById("live-status");
        if (status) {
            status.hidden = true;
        }
    }
};
