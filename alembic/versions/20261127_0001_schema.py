"""The whole schema: actors, sources, claims, predictions, arms transfers, history

Revision ID: 20261127_0001
Revises: 
Create Date: 2026-11-27 20:57:28.451650
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '20261127_0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table('actor',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.Text(), nullable=False),
    sa.Column('iso_code', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("iso_code ~ '^[A-Z]{3}$'", name=op.f('ck_actor_iso_code_alpha3')),
    sa.CheckConstraint("kind IN ('state', 'person', 'organization', 'armed_group', 'other')", name=op.f('ck_actor_kind')),
    sa.CheckConstraint('length(btrim(name)) > 0 AND length(name) <= 300', name=op.f('ck_actor_name_length')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actor')),
    sa.UniqueConstraint('iso_code', name=op.f('uq_actor_iso_code'))
    )
    op.create_index('uq_actor_lower_name', 'actor', [sa.literal_column('lower(name)')], unique=True)
    op.create_table('source',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('kind', sa.Text(), server_default='other', nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('publisher', sa.Text(), nullable=True),
    sa.Column('author', sa.Text(), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('published_precision', sa.Text(), nullable=True),
    sa.Column('reliability', sa.Text(), server_default='F', nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.CheckConstraint("kind IN ('news_article', 'official_statement', 'report', 'satellite_imagery', 'social_media', 'dataset', 'interview', 'other')", name=op.f('ck_source_kind')),
    sa.CheckConstraint("published_precision IN ('year', 'month', 'day')", name=op.f('ck_source_published_precision')),
    sa.CheckConstraint("reliability IN ('A', 'B', 'C', 'D', 'E', 'F')", name=op.f('ck_source_reliability')),
    sa.CheckConstraint("url ~ '^https?://[^\\s/]+'", name=op.f('ck_source_url_http')),
    sa.CheckConstraint('(published_on IS NULL) = (published_precision IS NULL)', name=op.f('ck_source_published_has_precision')),
    sa.CheckConstraint("published_precision NOT IN ('year', 'month', 'day') OR date_trunc(published_precision, published_on::timestamp)::date = published_on", name=op.f('ck_source_published_on_starts_period')),
    sa.CheckConstraint('length(btrim(title)) > 0 AND length(title) <= 1000', name=op.f('ck_source_title_length')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source')),
    sa.UniqueConstraint('url', name=op.f('uq_source_url'))
    )
    op.create_index(op.f('ix_source_publisher'), 'source', ['publisher'], unique=False)
    op.create_table('tag',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.CheckConstraint("name ~ '^[a-z0-9][a-z0-9_.:/-]{0,63}$'", name=op.f('ck_tag_name_form')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tag')),
    sa.UniqueConstraint('name', name=op.f('uq_tag_name'))
    )
    op.create_table('actor_alias',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('actor_id', sa.BigInteger(), nullable=False),
    sa.Column('alias', sa.Text(), nullable=False),
    sa.CheckConstraint('length(btrim(alias)) > 0 AND length(alias) <= 300', name=op.f('ck_actor_alias_alias_length')),
    sa.ForeignKeyConstraint(['actor_id'], ['actor.id'], name=op.f('fk_actor_alias_actor_id_actor'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actor_alias'))
    )
    op.create_index(op.f('ix_actor_alias_actor_id'), 'actor_alias', ['actor_id'], unique=False)
    op.create_index('uq_actor_alias_lower_alias', 'actor_alias', [sa.literal_column('lower(alias)')], unique=True)
    op.create_table('claim',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('status', sa.Text(), server_default='unverified', nullable=False),
    sa.Column('credibility', sa.SmallInteger(), server_default='6', nullable=False),
    sa.Column('claimant_id', sa.BigInteger(), nullable=True),
    sa.Column('occurred_on', sa.Date(), nullable=True),
    sa.Column('occurred_precision', sa.Text(), nullable=True),
    sa.Column('stated_on', sa.Date(), nullable=True),
    sa.Column('stated_precision', sa.Text(), nullable=True),
    sa.Column('recorded_by', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('search', postgresql.TSVECTOR(), sa.Computed("to_tsvector('english'::regconfig, statement)", persisted=True), nullable=False),
    sa.CheckConstraint("occurred_precision IN ('year', 'month', 'day')", name=op.f('ck_claim_occurred_precision')),
    sa.CheckConstraint("stated_precision IN ('year', 'month', 'day')", name=op.f('ck_claim_stated_precision')),
    sa.CheckConstraint("status IN ('unverified', 'corroborated', 'contested', 'confirmed', 'refuted', 'retracted')", name=op.f('ck_claim_status')),
    sa.CheckConstraint('(occurred_on IS NULL) = (occurred_precision IS NULL)', name=op.f('ck_claim_occurred_has_precision')),
    sa.CheckConstraint('(stated_on IS NULL) = (stated_precision IS NULL)', name=op.f('ck_claim_stated_has_precision')),
    sa.CheckConstraint('credibility BETWEEN 1 AND 6', name=op.f('ck_claim_credibility')),
    sa.CheckConstraint("occurred_precision NOT IN ('year', 'month', 'day') OR date_trunc(occurred_precision, occurred_on::timestamp)::date = occurred_on", name=op.f('ck_claim_occurred_on_starts_period')),
    sa.CheckConstraint("stated_precision NOT IN ('year', 'month', 'day') OR date_trunc(stated_precision, stated_on::timestamp)::date = stated_on", name=op.f('ck_claim_stated_on_starts_period')),
    sa.CheckConstraint('length(btrim(statement)) > 0 AND length(statement) <= 5000', name=op.f('ck_claim_statement_length')),
    sa.ForeignKeyConstraint(['claimant_id'], ['actor.id'], name=op.f('fk_claim_claimant_id_actor')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim'))
    )
    op.create_index(op.f('ix_claim_claimant_id'), 'claim', ['claimant_id'], unique=False)
    op.create_index(op.f('ix_claim_created_at'), 'claim', ['created_at'], unique=False)
    op.create_index('ix_claim_search', 'claim', ['search'], unique=False, postgresql_using='gin')
    op.create_index('ix_claim_statement_trgm', 'claim', ['statement'], unique=False, postgresql_using='gin', postgresql_ops={'statement': 'gin_trgm_ops'})
    op.create_index(op.f('ix_claim_status'), 'claim', ['status'], unique=False)
    op.create_table('claim_actor',
    sa.Column('claim_id', sa.BigInteger(), nullable=False),
    sa.Column('actor_id', sa.BigInteger(), nullable=False),
    sa.Column('role', sa.Text(), server_default='subject', nullable=False),
    sa.CheckConstraint("role IN ('subject', 'target', 'mentioned')", name=op.f('ck_claim_actor_role')),
    sa.ForeignKeyConstraint(['actor_id'], ['actor.id'], name=op.f('fk_claim_actor_actor_id_actor')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_claim_actor_claim_id_claim'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('claim_id', 'actor_id', 'role', name=op.f('pk_claim_actor'))
    )
    op.create_index(op.f('ix_claim_actor_actor_id'), 'claim_actor', ['actor_id'], unique=False)
    op.create_table('claim_source',
    sa.Column('claim_id', sa.BigInteger(), nullable=False),
    sa.Column('source_id', sa.BigInteger(), nullable=False),
    sa.Column('stance', sa.Text(), server_default='reports', nullable=False),
    sa.Column('excerpt', sa.Text(), nullable=True),
    sa.Column('added_by', sa.Text(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('search', postgresql.TSVECTOR(), sa.Computed("to_tsvector('english'::regconfig, coalesce(excerpt, ''))", persisted=True), nullable=False),
    sa.CheckConstraint("stance IN ('supports', 'disputes', 'reports')", name=op.f('ck_claim_source_stance')),
    sa.CheckConstraint('length(excerpt) <= 20000', name=op.f('ck_claim_source_excerpt_length')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_claim_source_claim_id_claim'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_claim_source_source_id_source')),
    sa.PrimaryKeyConstraint('claim_id', 'source_id', name=op.f('pk_claim_source'))
    )
    op.create_index('ix_claim_source_search', 'claim_source', ['search'], unique=False, postgresql_using='gin')
    op.create_index(op.f('ix_claim_source_source_id'), 'claim_source', ['source_id'], unique=False)
    op.create_table('claim_tag',
    sa.Column('claim_id', sa.BigInteger(), nullable=False),
    sa.Column('tag_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_claim_tag_claim_id_claim'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], name=op.f('fk_claim_tag_tag_id_tag')),
    sa.PrimaryKeyConstraint('claim_id', 'tag_id', name=op.f('pk_claim_tag'))
    )
    op.create_index(op.f('ix_claim_tag_tag_id'), 'claim_tag', ['tag_id'], unique=False)
    op.create_table('prediction',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('statement', sa.Text(), nullable=False),
    sa.Column('predictor_actor_id', sa.BigInteger(), nullable=True),
    sa.Column('predictor_source_id', sa.BigInteger(), nullable=True),
    sa.Column('made_on', sa.Date(), server_default=sa.text('CURRENT_DATE'), nullable=False),
    sa.Column('made_precision', sa.Text(), server_default='day', nullable=False),
    sa.Column('resolve_by', sa.Date(), nullable=False),
    sa.Column('resolve_by_precision', sa.Text(), server_default='day', nullable=False),
    sa.Column('probability', sa.Float(), nullable=True),
    sa.Column('likelihood', sa.Text(), nullable=True),
    sa.Column('confidence', sa.Text(), nullable=True),
    sa.Column('criteria', sa.Text(), nullable=True),
    sa.Column('status', sa.Text(), server_default='open', nullable=False),
    sa.Column('resolved_on', sa.Date(), nullable=True),
    sa.Column('resolution_note', sa.Text(), nullable=True),
    sa.Column('evidence_source_id', sa.BigInteger(), nullable=True),
    sa.Column('claim_id', sa.BigInteger(), nullable=True),
    sa.Column('recorded_by', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('search', postgresql.TSVECTOR(), sa.Computed("to_tsvector('english'::regconfig, statement || ' ' || coalesce(criteria, ''))", persisted=True), nullable=False),
    sa.CheckConstraint("(status = 'open') = (resolved_on IS NULL) AND (status <> 'open' OR (evidence_source_id IS NULL AND resolution_note IS NULL))", name=op.f('ck_prediction_open_iff_unresolved')),
    sa.CheckConstraint("confidence IN ('low', 'moderate', 'high')", name=op.f('ck_prediction_confidence')),
    sa.CheckConstraint("likelihood IN ('almost no chance', 'very unlikely', 'unlikely', 'roughly even chance', 'likely', 'very likely', 'almost certain')", name=op.f('ck_prediction_likelihood')),
    sa.CheckConstraint("likelihood IS NULL OR probability IS NULL OR probability BETWEEN CASE likelihood WHEN 'almost no chance' THEN 0.01 WHEN 'very unlikely' THEN 0.05 WHEN 'unlikely' THEN 0.2 WHEN 'roughly even chance' THEN 0.45 WHEN 'likely' THEN 0.55 WHEN 'very likely' THEN 0.8 WHEN 'almost certain' THEN 0.95 END AND CASE likelihood WHEN 'almost no chance' THEN 0.05 WHEN 'very unlikely' THEN 0.2 WHEN 'unlikely' THEN 0.45 WHEN 'roughly even chance' THEN 0.55 WHEN 'likely' THEN 0.8 WHEN 'very likely' THEN 0.95 WHEN 'almost certain' THEN 0.99 END", name=op.f('ck_prediction_probability_fits_likelihood')),
    sa.CheckConstraint("made_precision IN ('year', 'month', 'day')", name=op.f('ck_prediction_made_precision')),
    sa.CheckConstraint("resolve_by_precision IN ('year', 'month', 'day')", name=op.f('ck_prediction_resolve_by_precision')),
    sa.CheckConstraint("status IN ('open', 'confirmed', 'refuted', 'ambiguous', 'withdrawn')", name=op.f('ck_prediction_status')),
    sa.CheckConstraint("status NOT IN ('ambiguous', 'withdrawn') OR coalesce(length(btrim(resolution_note)), 0) > 0", name=op.f('ck_prediction_annulment_has_note')),
    sa.CheckConstraint("status NOT IN ('confirmed', 'refuted') OR evidence_source_id IS NOT NULL", name=op.f('ck_prediction_verdict_has_evidence')),
    sa.CheckConstraint("made_precision NOT IN ('year', 'month', 'day') OR date_trunc(made_precision, made_on::timestamp)::date = made_on", name=op.f('ck_prediction_made_on_starts_period')),
    sa.CheckConstraint('length(btrim(statement)) > 0 AND length(statement) <= 5000', name=op.f('ck_prediction_statement_length')),
    sa.CheckConstraint('length(criteria) <= 20000 AND length(resolution_note) <= 20000', name=op.f('ck_prediction_text_length')),
    sa.CheckConstraint('probability >= 0 AND probability <= 1', name=op.f('ck_prediction_probability_range')),
    sa.CheckConstraint('resolve_by >= made_on', name=op.f('ck_prediction_resolve_by_after_made')),
    sa.CheckConstraint('resolved_on IS NULL OR resolved_on >= made_on', name=op.f('ck_prediction_resolved_after_made')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_prediction_claim_id_claim')),
    sa.ForeignKeyConstraint(['evidence_source_id'], ['source.id'], name=op.f('fk_prediction_evidence_source_id_source')),
    sa.ForeignKeyConstraint(['predictor_actor_id'], ['actor.id'], name=op.f('fk_prediction_predictor_actor_id_actor')),
    sa.ForeignKeyConstraint(['predictor_source_id'], ['source.id'], name=op.f('fk_prediction_predictor_source_id_source')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_prediction'))
    )
    op.create_index(op.f('ix_prediction_claim_id'), 'prediction', ['claim_id'], unique=False)
    op.create_index(op.f('ix_prediction_evidence_source_id'), 'prediction', ['evidence_source_id'], unique=False)
    op.create_index('ix_prediction_open_resolve_by', 'prediction', ['resolve_by'], unique=False, postgresql_where=sa.text("status = 'open'"))
    op.create_index(op.f('ix_prediction_predictor_actor_id'), 'prediction', ['predictor_actor_id'], unique=False)
    op.create_index(op.f('ix_prediction_predictor_source_id'), 'prediction', ['predictor_source_id'], unique=False)
    op.create_index('ix_prediction_search', 'prediction', ['search'], unique=False, postgresql_using='gin')
    op.create_index(op.f('ix_prediction_status'), 'prediction', ['status'], unique=False)
    op.create_table('arms_transfer',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('prediction_id', sa.BigInteger(), nullable=True),
    sa.Column('claim_id', sa.BigInteger(), nullable=True),
    sa.Column('supplier_id', sa.BigInteger(), nullable=False),
    sa.Column('recipient_id', sa.BigInteger(), nullable=False),
    sa.Column('category', sa.Text(), nullable=False),
    sa.Column('item', sa.Text(), nullable=True),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.CheckConstraint("category IN ('aircraft', 'air_defence_systems', 'anti_submarine_warfare', 'armoured_vehicles', 'artillery', 'engines', 'missiles', 'naval_weapons', 'satellites', 'sensors', 'ships', 'ammunition', 'other')", name=op.f('ck_arms_transfer_category')),
    sa.CheckConstraint('length(item) <= 300', name=op.f('ck_arms_transfer_item_length')),
    sa.CheckConstraint('num_nonnulls(prediction_id, claim_id) = 1', name=op.f('ck_arms_transfer_belongs_to_one')),
    sa.CheckConstraint('period_end >= period_start', name=op.f('ck_arms_transfer_period_order')),
    sa.CheckConstraint('quantity > 0', name=op.f('ck_arms_transfer_quantity_positive')),
    sa.CheckConstraint('supplier_id <> recipient_id', name=op.f('ck_arms_transfer_supplier_is_not_recipient')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_arms_transfer_claim_id_claim'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['prediction_id'], ['prediction.id'], name=op.f('fk_arms_transfer_prediction_id_prediction'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['actor.id'], name=op.f('fk_arms_transfer_recipient_id_actor')),
    sa.ForeignKeyConstraint(['supplier_id'], ['actor.id'], name=op.f('fk_arms_transfer_supplier_id_actor')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_arms_transfer')),
    sa.UniqueConstraint('claim_id', name=op.f('uq_arms_transfer_claim_id')),
    sa.UniqueConstraint('prediction_id', name=op.f('uq_arms_transfer_prediction_id'))
    )
    op.create_index(op.f('ix_arms_transfer_recipient_id'), 'arms_transfer', ['recipient_id'], unique=False)
    op.create_index(op.f('ix_arms_transfer_supplier_id'), 'arms_transfer', ['supplier_id'], unique=False)
    op.create_table('prediction_actor',
    sa.Column('prediction_id', sa.BigInteger(), nullable=False),
    sa.Column('actor_id', sa.BigInteger(), nullable=False),
    sa.Column('role', sa.Text(), server_default='subject', nullable=False),
    sa.CheckConstraint("role IN ('subject', 'target', 'mentioned')", name=op.f('ck_prediction_actor_role')),
    sa.ForeignKeyConstraint(['actor_id'], ['actor.id'], name=op.f('fk_prediction_actor_actor_id_actor')),
    sa.ForeignKeyConstraint(['prediction_id'], ['prediction.id'], name=op.f('fk_prediction_actor_prediction_id_prediction'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('prediction_id', 'actor_id', 'role', name=op.f('pk_prediction_actor'))
    )
    op.create_index(op.f('ix_prediction_actor_actor_id'), 'prediction_actor', ['actor_id'], unique=False)
    op.create_table('prediction_tag',
    sa.Column('prediction_id', sa.BigInteger(), nullable=False),
    sa.Column('tag_id', sa.BigInteger(), nullable=False),
    sa.ForeignKeyConstraint(['prediction_id'], ['prediction.id'], name=op.f('fk_prediction_tag_prediction_id_prediction'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], name=op.f('fk_prediction_tag_tag_id_tag')),
    sa.PrimaryKeyConstraint('prediction_id', 'tag_id', name=op.f('pk_prediction_tag'))
    )
    op.create_index(op.f('ix_prediction_tag_tag_id'), 'prediction_tag', ['tag_id'], unique=False)
    op.create_table('status_history',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('claim_id', sa.BigInteger(), nullable=True),
    sa.Column('prediction_id', sa.BigInteger(), nullable=True),
    sa.Column('from_status', sa.Text(), nullable=True),
    sa.Column('to_status', sa.Text(), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('effective_on', sa.Date(), server_default=sa.text('CURRENT_DATE'), nullable=False),
    sa.Column('changed_by', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('evidence_source_id', sa.BigInteger(), nullable=True),
    sa.CheckConstraint("(to_status IN ('unverified', 'corroborated', 'contested', 'confirmed', 'refuted', 'retracted') AND claim_id IS NOT NULL) OR (to_status IN ('open', 'confirmed', 'refuted', 'ambiguous', 'withdrawn') AND prediction_id IS NOT NULL)", name=op.f('ck_status_history_to_status')),
    sa.CheckConstraint('num_nonnulls(claim_id, prediction_id) = 1', name=op.f('ck_status_history_belongs_to_one')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_status_history_claim_id_claim')),
    sa.ForeignKeyConstraint(['evidence_source_id'], ['source.id'], name=op.f('fk_status_history_evidence_source_id_source')),
    sa.ForeignKeyConstraint(['prediction_id'], ['prediction.id'], name=op.f('fk_status_history_prediction_id_prediction')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_history'))
    )
    op.create_index('ix_status_history_changed_at', 'status_history', ['changed_at'], unique=False)
    op.create_index('ix_status_history_claim', 'status_history', ['claim_id', 'changed_at'], unique=False, postgresql_where=sa.text('claim_id IS NOT NULL'))
    op.create_index(op.f('ix_status_history_evidence_source_id'), 'status_history', ['evidence_source_id'], unique=False)
    op.create_index('ix_status_history_prediction', 'status_history', ['prediction_id', 'changed_at'], unique=False, postgresql_where=sa.text('prediction_id IS NOT NULL'))
    op.execute(TRIGGERS)


def downgrade() -> None:
    op.execute(DROP_TRIGGERS)
    op.drop_index('ix_status_history_prediction', table_name='status_history', postgresql_where=sa.text('prediction_id IS NOT NULL'))
    op.drop_index(op.f('ix_status_history_evidence_source_id'), table_name='status_history')
    op.drop_index('ix_status_history_claim', table_name='status_history', postgresql_where=sa.text('claim_id IS NOT NULL'))
    op.drop_index('ix_status_history_changed_at', table_name='status_history')
    op.drop_table('status_history')
    op.drop_index(op.f('ix_prediction_tag_tag_id'), table_name='prediction_tag')
    op.drop_table('prediction_tag')
    op.drop_index(op.f('ix_prediction_actor_actor_id'), table_name='prediction_actor')
    op.drop_table('prediction_actor')
    op.drop_index(op.f('ix_arms_transfer_supplier_id'), table_name='arms_transfer')
    op.drop_index(op.f('ix_arms_transfer_recipient_id'), table_name='arms_transfer')
    op.drop_table('arms_transfer')
    op.drop_index(op.f('ix_prediction_status'), table_name='prediction')
    op.drop_index('ix_prediction_search', table_name='prediction', postgresql_using='gin')
    op.drop_index(op.f('ix_prediction_predictor_source_id'), table_name='prediction')
    op.drop_index(op.f('ix_prediction_predictor_actor_id'), table_name='prediction')
    op.drop_index('ix_prediction_open_resolve_by', table_name='prediction', postgresql_where=sa.text("status = 'open'"))
    op.drop_index(op.f('ix_prediction_evidence_source_id'), table_name='prediction')
    op.drop_index(op.f('ix_prediction_claim_id'), table_name='prediction')
    op.drop_table('prediction')
    op.drop_index(op.f('ix_claim_tag_tag_id'), table_name='claim_tag')
    op.drop_table('claim_tag')
    op.drop_index(op.f('ix_claim_source_source_id'), table_name='claim_source')
    op.drop_index('ix_claim_source_search', table_name='claim_source', postgresql_using='gin')
    op.drop_table('claim_source')
    op.drop_index(op.f('ix_claim_actor_actor_id'), table_name='claim_actor')
    op.drop_table('claim_actor')
    op.drop_index(op.f('ix_claim_status'), table_name='claim')
    op.drop_index('ix_claim_statement_trgm', table_name='claim', postgresql_using='gin', postgresql_ops={'statement': 'gin_trgm_ops'})
    op.drop_index('ix_claim_search', table_name='claim', postgresql_using='gin')
    op.drop_index(op.f('ix_claim_created_at'), table_name='claim')
    op.drop_index(op.f('ix_claim_claimant_id'), table_name='claim')
    op.drop_table('claim')
    op.drop_index('uq_actor_alias_lower_alias', table_name='actor_alias')
    op.drop_index(op.f('ix_actor_alias_actor_id'), table_name='actor_alias')
    op.drop_table('actor_alias')
    op.drop_table('tag')
    op.drop_index(op.f('ix_source_publisher'), table_name='source')
    op.drop_table('source')
    op.drop_index('uq_actor_lower_name', table_name='actor')
    op.drop_table('actor')


# Written by the database itself, so that psql sessions and other clients keep the rules too.
# Who and why come from transaction-local settings that claimtrack sets (SET LOCAL claimtrack.*):
# claimtrack.actor, claimtrack.reason, claimtrack.evidence_source_id, claimtrack.importing.
TRIGGERS = r"""
CREATE FUNCTION claimtrack_setting(name text) RETURNS text LANGUAGE sql STABLE AS $$
    SELECT nullif(btrim(current_setting('claimtrack.' || name, true)), '')
$$;

CREATE FUNCTION claim_status_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF claimtrack_setting('reason') IS NULL THEN
            RAISE EXCEPTION 'changing claim % from % to % needs a reason', OLD.id, OLD.status, NEW.status
                USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_claim_status_reason',
                      HINT = 'SET LOCAL claimtrack.reason = ''...'' in the same transaction.';
        END IF;
        IF NEW.status IN ('confirmed', 'refuted') AND claimtrack_setting('evidence_source_id') IS NULL THEN
            RAISE EXCEPTION 'marking claim % % needs an evidence source', OLD.id, NEW.status
                USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_claim_verdict_evidence',
                      HINT = 'SET LOCAL claimtrack.evidence_source_id = ''<source id>'' in the same transaction.';
        END IF;
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER claim_status_guard BEFORE UPDATE ON claim
    FOR EACH ROW EXECUTE FUNCTION claim_status_guard();

CREATE FUNCTION claim_status_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF claimtrack_setting('importing') = 'on' THEN
        RETURN NULL;  -- an import brings the original history rows with it
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NULL;
    END IF;
    INSERT INTO status_history (claim_id, from_status, to_status, changed_by, reason, evidence_source_id)
    VALUES (
        NEW.id,
        CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END,
        NEW.status,
        coalesce(claimtrack_setting('actor'), CASE WHEN TG_OP = 'INSERT' THEN NEW.recorded_by END, session_user),
        claimtrack_setting('reason'),
        claimtrack_setting('evidence_source_id')::bigint
    );
    RETURN NULL;
END
$$;
CREATE TRIGGER claim_status_history AFTER INSERT OR UPDATE OF status ON claim
    FOR EACH ROW EXECUTE FUNCTION claim_status_history();

CREATE FUNCTION prediction_status_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status IS DISTINCT FROM OLD.status THEN
        IF OLD.status = 'open' THEN
            NULL;  -- open -> confirmed / refuted / ambiguous / withdrawn; the CHECKs ask for evidence or a note
        ELSIF NEW.status = 'open' THEN
            IF claimtrack_setting('reason') IS NULL THEN
                RAISE EXCEPTION 'reopening prediction % needs a reason', OLD.id
                    USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_prediction_reopen_reason',
                          HINT = 'SET LOCAL claimtrack.reason = ''...'' in the same transaction.';
            END IF;
        ELSE
            RAISE EXCEPTION 'prediction % is %; it cannot become % without being reopened first',
                    OLD.id, OLD.status, NEW.status
                USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_prediction_transition';
        END IF;
    ELSIF OLD.status <> 'open' AND (NEW.resolved_on, NEW.resolution_note, NEW.evidence_source_id)
            IS DISTINCT FROM (OLD.resolved_on, OLD.resolution_note, OLD.evidence_source_id) THEN
        RAISE EXCEPTION 'prediction % is %; its resolution can only change by reopening it', OLD.id, OLD.status
            USING ERRCODE = 'check_violation', CONSTRAINT = 'tr_prediction_resolution_frozen';
    END IF;
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
CREATE TRIGGER prediction_status_guard BEFORE UPDATE ON prediction
    FOR EACH ROW EXECUTE FUNCTION prediction_status_guard();

CREATE FUNCTION prediction_status_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF claimtrack_setting('importing') = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' AND NEW.status <> 'open' THEN
        -- Recorded already resolved: it was open from the day it was made until it was resolved.
        INSERT INTO status_history (prediction_id, from_status, to_status, changed_by, effective_on)
        VALUES (NEW.id, NULL, 'open', coalesce(claimtrack_setting('actor'), NEW.recorded_by, session_user), NEW.made_on);
    END IF;
    INSERT INTO status_history
        (prediction_id, from_status, to_status, changed_by, reason, evidence_source_id, effective_on)
    VALUES (
        NEW.id,
        CASE WHEN TG_OP = 'UPDATE' THEN OLD.status WHEN NEW.status <> 'open' THEN 'open' END,
        NEW.status,
        coalesce(claimtrack_setting('actor'), CASE WHEN TG_OP = 'INSERT' THEN NEW.recorded_by END, session_user),
        coalesce(claimtrack_setting('reason'), NEW.resolution_note),
        NEW.evidence_source_id,
        CASE
            WHEN TG_OP = 'INSERT' THEN coalesce(NEW.resolved_on, NEW.made_on)
            WHEN NEW.status = 'open' THEN current_date
            ELSE NEW.resolved_on
        END
    );
    RETURN NULL;
END
$$;
CREATE TRIGGER prediction_status_history AFTER INSERT OR UPDATE OF status ON prediction
    FOR EACH ROW EXECUTE FUNCTION prediction_status_history();

CREATE FUNCTION status_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'status_history is append-only: % is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'tr_status_history_append_only';
END
$$;
CREATE TRIGGER status_history_no_update_or_delete BEFORE UPDATE OR DELETE ON status_history
    FOR EACH ROW EXECUTE FUNCTION status_history_append_only();
CREATE TRIGGER status_history_no_truncate BEFORE TRUNCATE ON status_history
    FOR EACH STATEMENT EXECUTE FUNCTION status_history_append_only();
"""

DROP_TRIGGERS = r"""
DROP TRIGGER status_history_no_truncate ON status_history;
DROP TRIGGER status_history_no_update_or_delete ON status_history;
DROP FUNCTION status_history_append_only();
DROP TRIGGER prediction_status_history ON prediction;
DROP FUNCTION prediction_status_history();
DROP TRIGGER prediction_status_guard ON prediction;
DROP FUNCTION prediction_status_guard();
DROP TRIGGER claim_status_history ON claim;
DROP FUNCTION claim_status_history();
DROP TRIGGER claim_status_guard ON claim;
DROP FUNCTION claim_status_guard();
DROP FUNCTION claimtrack_setting(text);
"""
