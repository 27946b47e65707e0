-- Issue 16: Atom feeds for readers. Feed readers cannot send a bearer token, so each feed has a secret
-- URL (GET /feeds/<secret>.atom): one per user (their completed articles) and one per schedule (the
-- completed articles it ordered). The secret is kept as it is, not hashed: the owner sees the URL on
-- the Account page and the schedule's views whenever they look, so it must be readable; it is 256
-- random bits, looked up through its unique index.
--
-- The default makes one for every existing row and for rows inserted without one (SQL seeding in
-- tests and benchmarks); the api makes its own (FeedSecret). Two v4 UUIDs give 244 random bits,
-- written as base64url without padding.
create function opad_new_feed_secret() returns text language sql volatile as $$
    select rtrim(translate(encode(decode(replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex'),
                                  'base64'), '+/', '-_'), '=')
$$;

alter table users add column feed_secret text not null default opad_new_feed_secret();
create unique index users_feed_secret on users (feed_secret);

alter table schedules add column feed_secret text not null default opad_new_feed_secret();
create unique index schedules_feed_secret on schedules (feed_secret);

-- When the article was last completed: an entry's "updated" time, stable across fetches. Set with the
-- completion (ArticleEntity.markCompleted); for articles completed before, their last completed job's end.
alter table articles add column completed_at timestamptz;
update articles a set completed_at = coalesce(
        (select max(j.finished_at) from jobs j where j.article_id = a.id and j.status = 'completed'), a.updated_at)
    where a.status = 'completed';

-- A feed is the newest N completed articles of a user or of a schedule: a range scan of one of these.
create index articles_feed_by_user on articles (user_id, completed_at desc) where status = 'completed';
create index articles_feed_by_schedule on articles (schedule_id, completed_at desc) where status = 'completed';
