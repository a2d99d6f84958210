-- Pretrained entries: a model trained elsewhere, registered with its weight file in the checkpoint
-- store and scored by the eval worker like a trained run. Never dispatched to a trainer.
ALTER TABLE experiments
    ADD COLUMN origin varchar(20) NOT NULL DEFAULT 'TRAINED'
        CONSTRAINT experiments_origin_check CHECK (origin IN ('TRAINED', 'PRETRAINED')),
    -- Where the weights came from (a paper, a URL); set for pretrained entries only.
    ADD COLUMN source text,
    ADD CONSTRAINT experiments_pretrained_has_weights
        CHECK (origin = 'TRAINED' OR (checkpoint_uri IS NOT NULL AND checkpoint_sha256 IS NOT NULL
                                      AND source IS NOT NULL));
