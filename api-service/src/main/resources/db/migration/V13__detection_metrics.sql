-- COCO detection scores (DetectionMetrics of EvaluationCompleted), in percent as the papers give them;
-- null where COCOeval leaves a number undefined (-1) and on classification evaluations. samples and
-- images_per_second hold the detection pass's image count and throughput.
ALTER TABLE evaluations
    ADD COLUMN box_ap          double precision,
    ADD COLUMN box_ap50        double precision,
    ADD COLUMN box_ap75        double precision,
    ADD COLUMN box_ap_small    double precision,
    ADD COLUMN box_ap_medium   double precision,
    ADD COLUMN box_ap_large    double precision,
    ADD COLUMN box_ar1         double precision,
    ADD COLUMN box_ar10        double precision,
    ADD COLUMN box_ar100       double precision,
    ADD COLUMN box_ar_small    double precision,
    ADD COLUMN box_ar_medium   double precision,
    ADD COLUMN box_ar_large    double precision,
    ADD COLUMN mask_ap         double precision,
    ADD COLUMN mask_ap50       double precision,
    ADD COLUMN mask_ap75       double precision,
    ADD COLUMN mask_ap_small   double precision,
    ADD COLUMN mask_ap_medium  double precision,
    ADD COLUMN mask_ap_large   double precision,
    ADD COLUMN mask_ar1        double precision,
    ADD COLUMN mask_ar10       double precision,
    ADD COLUMN mask_ar100      double precision,
    ADD COLUMN mask_ar_small   double precision,
    ADD COLUMN mask_ar_medium  double precision,
    ADD COLUMN mask_ar_large   double precision;

-- A detection run's leaderboard entry: the box and mask numbers a leaderboard ranks by. Detection
-- entries have no top-1/top-5 error.
ALTER TABLE leaderboard_entries
    ALTER COLUMN top1_error DROP NOT NULL,
    ALTER COLUMN top5_error DROP NOT NULL,
    ADD COLUMN box_ap          double precision,
    ADD COLUMN box_ap50        double precision,
    ADD COLUMN box_ap75        double precision,
    ADD COLUMN box_ap_small    double precision,
    ADD COLUMN box_ap_medium   double precision,
    ADD COLUMN box_ap_large    double precision,
    ADD COLUMN box_ar100       double precision,
    ADD COLUMN mask_ap         double precision,
    ADD COLUMN mask_ap50       double precision,
    ADD COLUMN mask_ap75       double precision,
    ADD COLUMN mask_ap_small   double precision,
    ADD COLUMN mask_ap_medium  double precision,
    ADD COLUMN mask_ap_large   double precision,
    ADD COLUMN mask_ar100      double precision;

-- Ranking within a (task, dataset) by the headline numbers, as leaderboard_speed_idx does for speed:
-- partial, so classification entries (all null here) cost these indexes nothing.
CREATE INDEX leaderboard_box_ap_idx ON leaderboard_entries (task, dataset, box_ap DESC) WHERE box_ap IS NOT NULL;
CREATE INDEX leaderboard_box_ap50_idx ON leaderboard_entries (task, dataset, box_ap50 DESC) WHERE box_ap50 IS NOT NULL;
CREATE INDEX leaderboard_box_ap75_idx ON leaderboard_entries (task, dataset, box_ap75 DESC) WHERE box_ap75 IS NOT NULL;
CREATE INDEX leaderboard_mask_ap_idx ON leaderboard_entries (task, dataset, mask_ap DESC) WHERE mask_ap IS NOT NULL;
CREATE INDEX leaderboard_mask_ap50_idx ON leaderboard_entries (task, dataset, mask_ap50 DESC) WHERE mask_ap50 IS NOT NULL;
CREATE INDEX leaderboard_mask_ap75_idx ON leaderboard_entries (task, dataset, mask_ap75 DESC) WHERE mask_ap75 IS NOT NULL;
-- The paper rows' lookups (best run per backbone, norm and stated batch sizes), as leaderboard_model_idx.
CREATE INDEX leaderboard_detection_model_idx ON leaderboard_entries
    (task, dataset, backbone, norm, norm_batch_size, batch_size, box_ap) INCLUDE (run_id, mask_ap)
    WHERE box_ap IS NOT NULL;
