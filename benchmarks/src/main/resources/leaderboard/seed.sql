-- Seeds 100,000 evaluated runs for bin/bench leaderboard, in bulk (INSERT ... SELECT over
-- generate_series; deterministic: the same rows every time). 70% on fashion-mnist, 30% on imagenet;
-- 10 backbones x 6 norms x 5 normalization batches x 3 SGD batches; each run has tag-<i mod 47> (47: independent of the dataset split)
-- and "seeded"; every run has a successful test evaluation, every fifth a second (an earlier
-- checkpoint), and the leaderboard keeps each run's best, as EvaluationRecorder does.
SELECT setseed(0.42);

CREATE TEMP TABLE seed_runs AS
SELECT i,
       md5('run-' || i)::uuid AS id,
       CASE WHEN i % 10 < 7 THEN 'fashion-mnist' ELSE 'imagenet' END AS dataset,
       (ARRAY['resnet10', 'resnet18', 'resnet34', 'resnet50', 'resnet101', 'resnet50_ibn_a', 'resnet50_ibn_b',
              'resnext50_32x4d', 'se_resnet50', 'densenet121'])[1 + (i * 7) % 10] AS backbone,
       (ARRAY['bn', 'gn:32', 'in', 'ln', 'brn', 'mabn'])[1 + (i * 13) % 6] AS norm,
       (ARRAY[2, 4, 8, 16, 32])[1 + (i * 3) % 5] AS nbs,
       (ARRAY[32, 64, 128])[1 + (i / 5) % 3] AS bs,
       ARRAY['tag-' || (i % 47), 'seeded'] AS tags,
       now() - make_interval(secs => i * 60) AS created
FROM generate_series(1, :runs) AS i;

INSERT INTO experiments (id, name, task, dataset, backbone, norm, base_width, norm_batch_size, batch_size, epochs,
                         seed, spec_json, status, attempt, created_at, updated_at, finished_at, tags, config_hash,
                         code_version, checkpoint_uri, checkpoint_sha256)
SELECT id, 'seeded-' || i, 'classification', dataset, backbone, norm, 64, nbs, bs, 1, i,
       json_build_object('name', 'seeded-' || i, 'task', 'classification', 'dataset', dataset,
                         'backbone', backbone, 'norm', norm, 'baseWidth', 64, 'normBatchSize', nbs,
                         'batchSize', bs, 'epochs', 1,
                         'optimizer', json_build_object('lr', 0.1, 'momentum', 0.9, 'weightDecay', 0.0001,
                                                        'nesterov', false,
                                                        'schedule', json_build_object('type', 'constant',
                                                            'milestones', json_build_array(), 'gamma', 0.1,
                                                            'warmupIterations', 0)),
                         'seed', i, 'tags', to_json(tags))::text,
       'SUCCEEDED', 1, created, created, created, tags, encode(sha256(('cfg-' || i)::bytea), 'hex'), 'bench',
       'runs/' || id || '/final.ckpt', encode(sha256(('ckpt-' || i)::bytea), 'hex')
FROM seed_runs;

INSERT INTO evaluations (id, run_id, split, status, checkpoint_uri, checkpoint_sha256, top1_error, top5_error,
                         samples, images_per_second, worker, requested_at, completed_at, speed_batch_size,
                         speed_channels, speed_height, speed_width, speed_timed_batches, speed_images_per_second)
SELECT md5('eval-' || k || '-' || i)::uuid, id, 'test', 'SUCCEEDED', 'runs/' || id || '/ckpt-' || k,
       encode(sha256(('ckpt-' || k || '-' || i)::bytea), 'hex'), e1, least(e1, e1 * 0.3 + random()),
       CASE WHEN dataset = 'imagenet' THEN 50000 ELSE 10000 END, 1000 + random() * 4000, 'bench-eval',
       created, created + make_interval(secs => k), 32, 1, 28, 28, 20, 500 + random() * 9000
FROM seed_runs
CROSS JOIN LATERAL (SELECT k, 5 + random() * 40 AS e1 FROM generate_series(1, CASE WHEN i % 5 = 0 THEN 2 ELSE 1 END) k) ev;

INSERT INTO leaderboard_entries
SELECT DISTINCT ON (v.run_id) v.run_id, v.id, e.task, e.dataset, e.name, e.origin, e.backbone, e.norm, e.base_width,
       e.norm_batch_size, e.batch_size, e.tags, e.config_hash, e.code_version, v.checkpoint_uri,
       v.checkpoint_sha256, v.top1_error, v.top5_error, v.samples, v.speed_images_per_second,
       v.speed_batch_size, v.completed_at
FROM evaluations v JOIN experiments e ON e.id = v.run_id
WHERE v.status = 'SUCCEEDED' AND v.split = 'test' AND e.name LIKE 'seeded-%'
ORDER BY v.run_id, v.top1_error, v.completed_at DESC;

ANALYZE experiments;
ANALYZE evaluations;
ANALYZE leaderboard_entries;
