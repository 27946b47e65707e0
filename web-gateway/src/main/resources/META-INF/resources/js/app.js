// Wires the page together: sign in → order → generate → follow the job → read; plus the articles
// list and the "api is down" banner.

import { onUnauthorized, startGeneration } from './api.js';
import { checkApi, hideApiDown, onApiRecovered, showApiDown } from './banner.js';
import { clearArticles, initArticles, refreshArticles } from './articles.js';
import { initForm } from './form.js';
import { closeProgress, resumeStoredJob, trackJob } from './progress.js';
import { closeReader, openArticle } from './reader.js';
import { initSession, isSignedIn, loadSession, sessionLost } from './session.js';

const unreachable = (error) => showApiDown(error?.message);

const jobHandlers = {
  onCompleted: (articleId) => openArticle(articleId, { onUnreachable: unreachable }),
  onEnded: refreshArticles,
  onRetried: refreshArticles,
  onUnreachable: unreachable,
  onReachable: hideApiDown,
};

function follow(article, job) {
  trackJob({ jobId: job.job_id, articleId: article.id }, jobHandlers);
  refreshArticles();
}

initSession({
  onSignedIn: () => {
    refreshArticles();
    resumeStoredJob(jobHandlers);
  },
  // A session that merely expired keeps its job for after the next login; a logout forgets it.
  onSignedOut: ({ loggedOut }) => {
    closeProgress({ forget: loggedOut });
    clearArticles();
    closeReader();
  },
  onUnreachable: unreachable,
});

initForm({
  onCreated: refreshArticles,
  onStarted: follow,
  onUnreachable: unreachable,
});

initArticles({
  onOpen: (articleId) => openArticle(articleId, { onUnreachable: unreachable }),
  onRetry: async (article) => follow(article, await startGeneration(article.id)),
  onUnreachable: unreachable,
});

onUnauthorized(sessionLost);
onApiRecovered(() => (isSignedIn() ? refreshArticles() : loadSession()));

checkApi();
loadSession();
