// Wires the page together: order → generate → follow the job → read; plus the articles list and
// the "api is down" banner.

import { startGeneration } from './api.js';
import { checkApi, hideApiDown, onApiRecovered, showApiDown } from './banner.js';
import { initArticles, refreshArticles } from './articles.js';
import { initForm } from './form.js';
import { resumeStoredJob, trackJob } from './progress.js';
import { openArticle } from './reader.js';

const unreachable = (error) => showApiDown(error?.message);

const jobHandlers = {
  onCompleted: (articleId) => openArticle(articleId, { onUnreachable: unreachable }),
  onEnded: refreshArticles,
  onUnreachable: unreachable,
  onReachable: hideApiDown,
};

function follow(article, job) {
  trackJob({ jobId: job.job_id, articleId: article.id }, jobHandlers);
  refreshArticles();
}

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

onApiRecovered(refreshArticles);

checkApi();
refreshArticles();
resumeStoredJob(jobHandlers);
