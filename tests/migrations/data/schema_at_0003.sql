CREATE SCHEMA reporting;

COMMENT ON SCHEMA reporting IS 'claimtrack reports: read these views from psql or a BI tool.';

CREATE SCHEMA reporting_summary;

COMMENT ON SCHEMA reporting_summary IS 'Totals behind the reporting views, kept current by triggers; read them through the views (reader roles cannot see this schema).';

CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

COMMENT ON EXTENSION pg_trgm IS 'text similarity measurement and index searching based on trigrams';

CREATE FUNCTION public.claim_status_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

CREATE FUNCTION public.claim_status_history() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

CREATE FUNCTION public.claimtrack_setting(name text) RETURNS text
    LANGUAGE sql STABLE
    AS $$
    SELECT nullif(btrim(current_setting('claimtrack.' || name, true)), '')
$$;

CREATE FUNCTION public.prediction_status_guard() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

CREATE FUNCTION public.prediction_status_history() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

CREATE FUNCTION public.status_history_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'status_history is append-only: % is refused', TG_OP
        USING ERRCODE = 'insufficient_privilege', CONSTRAINT = 'tr_status_history_append_only';
END
$$;

CREATE FUNCTION reporting_summary.arms_transfer_delete() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(SELECT claim_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) o) t)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        SELECT FROM prediction p WHERE p.id = ANY(ARRAY(SELECT prediction_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) o) t)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.arms_transfer_record AS t (supplier_id, recipient_id, category, item, expected, confirmed, refuted, annulled, claims)
        SELECT t.supplier_id, t.recipient_id, t.category, t.item, coalesce(sum(t.sign * (p.status = 'open')::int), 0), coalesce(sum(t.sign * (p.status = 'confirmed')::int), 0), coalesce(sum(t.sign * (p.status = 'refuted')::int), 0), coalesce(sum(t.sign * (p.status IN ('ambiguous', 'withdrawn'))::int), 0), coalesce(sum(t.sign * (t.claim_id IS NOT NULL)::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) o) t LEFT JOIN (SELECT id, status FROM prediction WHERE id = ANY(ARRAY(SELECT prediction_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) o) t))) p ON p.id = t.prediction_id
        WHERE TRUE
        GROUP BY 1, 2, 3, 4
        HAVING (coalesce(sum(t.sign * (p.status = 'open')::int), 0), coalesce(sum(t.sign * (p.status = 'confirmed')::int), 0), coalesce(sum(t.sign * (p.status = 'refuted')::int), 0), coalesce(sum(t.sign * (p.status IN ('ambiguous', 'withdrawn'))::int), 0), coalesce(sum(t.sign * (t.claim_id IS NOT NULL)::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1, 2, 3, 4 NULLS FIRST
        ON CONFLICT ON CONSTRAINT arms_transfer_record_key DO UPDATE SET expected = t.expected + EXCLUDED.expected, confirmed = t.confirmed + EXCLUDED.confirmed, refuted = t.refuted + EXCLUDED.refuted, annulled = t.annulled + EXCLUDED.annulled, claims = t.claims + EXCLUDED.claims$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT claim_id AS parent_id, supplier_id AS actor_id, sign FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) o) t WHERE claim_id IS NOT NULL UNION ALL SELECT claim_id, recipient_id, sign FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) o) t WHERE claim_id IS NOT NULL) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT claim_id AS parent_id, actor_id FROM claim_actor WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, supplier_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, recipient_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
            SELECT c.month, pr.actor_low, pr.actor_high, pr.d AS claims, 0 AS predictions, 0 AS resolutions
            FROM (SELECT * FROM pairs) pr JOIN (SELECT id, reporting_summary.claim_month(occurred_on, stated_on, created_at) AS month FROM claim WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) c ON c.id = pr.parent_id) event UNION ALL SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT prediction_id AS parent_id, supplier_id AS actor_id, sign FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) o) t WHERE prediction_id IS NOT NULL UNION ALL SELECT prediction_id, recipient_id, sign FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) o) t WHERE prediction_id IS NOT NULL) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT prediction_id AS parent_id, actor_id FROM prediction_actor WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, supplier_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, recipient_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
        SELECT reporting_summary.month_of(p.made_on) AS month, pr.actor_low, pr.actor_high, 0 AS claims, pr.d AS predictions,
               0 AS resolutions
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        UNION ALL
        SELECT reporting_summary.month_of(p.resolved_on), pr.actor_low, pr.actor_high, 0, 0, pr.d
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        WHERE p.resolved_on IS NOT NULL) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.arms_transfer_insert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(SELECT claim_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) n) t)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        SELECT FROM prediction p WHERE p.id = ANY(ARRAY(SELECT prediction_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) n) t)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.arms_transfer_record AS t (supplier_id, recipient_id, category, item, expected, confirmed, refuted, annulled, claims)
        SELECT t.supplier_id, t.recipient_id, t.category, t.item, coalesce(sum(t.sign * (p.status = 'open')::int), 0), coalesce(sum(t.sign * (p.status = 'confirmed')::int), 0), coalesce(sum(t.sign * (p.status = 'refuted')::int), 0), coalesce(sum(t.sign * (p.status IN ('ambiguous', 'withdrawn'))::int), 0), coalesce(sum(t.sign * (t.claim_id IS NOT NULL)::int), 0)
        FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) n) t LEFT JOIN (SELECT id, status FROM prediction WHERE id = ANY(ARRAY(SELECT prediction_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) n) t))) p ON p.id = t.prediction_id
        WHERE TRUE
        GROUP BY 1, 2, 3, 4
        HAVING (coalesce(sum(t.sign * (p.status = 'open')::int), 0), coalesce(sum(t.sign * (p.status = 'confirmed')::int), 0), coalesce(sum(t.sign * (p.status = 'refuted')::int), 0), coalesce(sum(t.sign * (p.status IN ('ambiguous', 'withdrawn'))::int), 0), coalesce(sum(t.sign * (t.claim_id IS NOT NULL)::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1, 2, 3, 4 NULLS FIRST
        ON CONFLICT ON CONSTRAINT arms_transfer_record_key DO UPDATE SET expected = t.expected + EXCLUDED.expected, confirmed = t.confirmed + EXCLUDED.confirmed, refuted = t.refuted + EXCLUDED.refuted, annulled = t.annulled + EXCLUDED.annulled, claims = t.claims + EXCLUDED.claims$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT claim_id AS parent_id, supplier_id AS actor_id, sign FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) n) t WHERE claim_id IS NOT NULL UNION ALL SELECT claim_id, recipient_id, sign FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) n) t WHERE claim_id IS NOT NULL) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT claim_id AS parent_id, actor_id FROM claim_actor WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, supplier_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, recipient_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
            SELECT c.month, pr.actor_low, pr.actor_high, pr.d AS claims, 0 AS predictions, 0 AS resolutions
            FROM (SELECT * FROM pairs) pr JOIN (SELECT id, reporting_summary.claim_month(occurred_on, stated_on, created_at) AS month FROM claim WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) c ON c.id = pr.parent_id) event UNION ALL SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT prediction_id AS parent_id, supplier_id AS actor_id, sign FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) n) t WHERE prediction_id IS NOT NULL UNION ALL SELECT prediction_id, recipient_id, sign FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) n) t WHERE prediction_id IS NOT NULL) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT prediction_id AS parent_id, actor_id FROM prediction_actor WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, supplier_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, recipient_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
        SELECT reporting_summary.month_of(p.made_on) AS month, pr.actor_low, pr.actor_high, 0 AS claims, pr.d AS predictions,
               0 AS resolutions
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        UNION ALL
        SELECT reporting_summary.month_of(p.resolved_on), pr.actor_low, pr.actor_high, 0, 0, pr.d
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        WHERE p.resolved_on IS NOT NULL) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.arms_transfer_update() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(SELECT claim_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) n) t)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        SELECT FROM prediction p WHERE p.id = ANY(ARRAY(SELECT prediction_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) n) t)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.arms_transfer_record AS t (supplier_id, recipient_id, category, item, expected, confirmed, refuted, annulled, claims)
        SELECT t.supplier_id, t.recipient_id, t.category, t.item, coalesce(sum(t.sign * (p.status = 'open')::int), 0), coalesce(sum(t.sign * (p.status = 'confirmed')::int), 0), coalesce(sum(t.sign * (p.status = 'refuted')::int), 0), coalesce(sum(t.sign * (p.status IN ('ambiguous', 'withdrawn'))::int), 0), coalesce(sum(t.sign * (t.claim_id IS NOT NULL)::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) n) t LEFT JOIN (SELECT id, status FROM prediction WHERE id = ANY(ARRAY(SELECT prediction_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) n) t))) p ON p.id = t.prediction_id
        WHERE TRUE
        GROUP BY 1, 2, 3, 4
        HAVING (coalesce(sum(t.sign * (p.status = 'open')::int), 0), coalesce(sum(t.sign * (p.status = 'confirmed')::int), 0), coalesce(sum(t.sign * (p.status = 'refuted')::int), 0), coalesce(sum(t.sign * (p.status IN ('ambiguous', 'withdrawn'))::int), 0), coalesce(sum(t.sign * (t.claim_id IS NOT NULL)::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1, 2, 3, 4 NULLS FIRST
        ON CONFLICT ON CONSTRAINT arms_transfer_record_key DO UPDATE SET expected = t.expected + EXCLUDED.expected, confirmed = t.confirmed + EXCLUDED.confirmed, refuted = t.refuted + EXCLUDED.refuted, annulled = t.annulled + EXCLUDED.annulled, claims = t.claims + EXCLUDED.claims$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT claim_id AS parent_id, supplier_id AS actor_id, sign FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) n) t WHERE claim_id IS NOT NULL UNION ALL SELECT claim_id, recipient_id, sign FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) n) t WHERE claim_id IS NOT NULL) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT claim_id AS parent_id, actor_id FROM claim_actor WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, supplier_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, recipient_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
            SELECT c.month, pr.actor_low, pr.actor_high, pr.d AS claims, 0 AS predictions, 0 AS resolutions
            FROM (SELECT * FROM pairs) pr JOIN (SELECT id, reporting_summary.claim_month(occurred_on, stated_on, created_at) AS month FROM claim WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) c ON c.id = pr.parent_id) event UNION ALL SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT prediction_id AS parent_id, supplier_id AS actor_id, sign FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) n) t WHERE prediction_id IS NOT NULL UNION ALL SELECT prediction_id, recipient_id, sign FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.claim_id, r.supplier_id, r.recipient_id, r.category, r.item FROM old_rows r) n) t WHERE prediction_id IS NOT NULL) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT prediction_id AS parent_id, actor_id FROM prediction_actor WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, supplier_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, recipient_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
        SELECT reporting_summary.month_of(p.made_on) AS month, pr.actor_low, pr.actor_high, 0 AS claims, pr.d AS predictions,
               0 AS resolutions
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        UNION ALL
        SELECT reporting_summary.month_of(p.resolved_on), pr.actor_low, pr.actor_high, 0, 0, pr.d
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        WHERE p.resolved_on IS NOT NULL) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.calibration_bin(probability double precision) RETURNS smallint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT least(floor(probability::numeric * 10)::int, 9)::smallint $$;

CREATE FUNCTION reporting_summary.claim_actor_delete() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(SELECT parent_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id AS parent_id, r.actor_id FROM old_rows r) o) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id AS parent_id, r.actor_id FROM old_rows r) o) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT claim_id AS parent_id, actor_id FROM claim_actor WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, supplier_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, recipient_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
            SELECT c.month, pr.actor_low, pr.actor_high, pr.d AS claims, 0 AS predictions, 0 AS resolutions
            FROM (SELECT * FROM pairs) pr JOIN (SELECT id, reporting_summary.claim_month(occurred_on, stated_on, created_at) AS month FROM claim WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) c ON c.id = pr.parent_id) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.claim_actor_insert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(SELECT parent_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.claim_id AS parent_id, r.actor_id FROM new_rows r) n) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT n.*, 1 AS sign FROM (SELECT r.claim_id AS parent_id, r.actor_id FROM new_rows r) n) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT claim_id AS parent_id, actor_id FROM claim_actor WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, supplier_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, recipient_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
            SELECT c.month, pr.actor_low, pr.actor_high, pr.d AS claims, 0 AS predictions, 0 AS resolutions
            FROM (SELECT * FROM pairs) pr JOIN (SELECT id, reporting_summary.claim_month(occurred_on, stated_on, created_at) AS month FROM claim WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) c ON c.id = pr.parent_id) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.claim_actor_update() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(SELECT parent_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id AS parent_id, r.actor_id FROM old_rows r EXCEPT ALL SELECT r.claim_id AS parent_id, r.actor_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.claim_id AS parent_id, r.actor_id FROM new_rows r EXCEPT ALL SELECT r.claim_id AS parent_id, r.actor_id FROM old_rows r) n) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id AS parent_id, r.actor_id FROM old_rows r EXCEPT ALL SELECT r.claim_id AS parent_id, r.actor_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.claim_id AS parent_id, r.actor_id FROM new_rows r EXCEPT ALL SELECT r.claim_id AS parent_id, r.actor_id FROM old_rows r) n) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT claim_id AS parent_id, actor_id FROM claim_actor WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, supplier_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT claim_id, recipient_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
            SELECT c.month, pr.actor_low, pr.actor_high, pr.d AS claims, 0 AS predictions, 0 AS resolutions
            FROM (SELECT * FROM pairs) pr JOIN (SELECT id, reporting_summary.claim_month(occurred_on, stated_on, created_at) AS month FROM claim WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) c ON c.id = pr.parent_id) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.claim_delete() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        INSERT INTO reporting_summary.claim_status_count AS t (status, claims)
        SELECT ch.status, coalesce(sum(ch.sign), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status FROM old_rows r) o) ch
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0)) IS DISTINCT FROM (0)
        ORDER BY 1
        ON CONFLICT (status) DO UPDATE SET claims = t.claims + EXCLUDED.claims$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.claim_insert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        INSERT INTO reporting_summary.claim_status_count AS t (status, claims)
        SELECT ch.status, coalesce(sum(ch.sign), 0)
        FROM (SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status FROM new_rows r) n) ch
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0)) IS DISTINCT FROM (0)
        ORDER BY 1
        ON CONFLICT (status) DO UPDATE SET claims = t.claims + EXCLUDED.claims$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.claim_month(occurred_on date, stated_on date, created_at timestamp with time zone) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT date_trunc('month', coalesce(occurred_on, stated_on, (created_at AT TIME ZONE 'UTC')::date)::timestamp)::date $$;

CREATE FUNCTION reporting_summary.claim_source_delete() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(SELECT claim_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') o) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.source_record AS t (source_id, claims_supported, supported_confirmed, supported_refuted)
        SELECT ch.source_id, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') o) ch JOIN (SELECT id, status FROM claim WHERE id = ANY(ARRAY(SELECT claim_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') o) l))) c ON c.id = ch.claim_id
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, claims_supported, supported_confirmed, supported_refuted)
        SELECT ch.publisher, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)
        FROM (
        WITH link_delta AS (
            SELECT l.claim_id, coalesce(s.publisher, '(no publisher)') AS publisher, sum(l.sign) AS n
            FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') o) l JOIN source s ON s.id = l.source_id
            GROUP BY 1, 2 HAVING sum(l.sign) <> 0
        ), links_now AS (
            SELECT cs.claim_id, coalesce(s.publisher, '(no publisher)') AS publisher, count(*) AS n
            FROM claim_source cs JOIN source s ON s.id = cs.source_id
            WHERE cs.stance = 'supports' AND cs.claim_id = ANY(ARRAY(SELECT DISTINCT claim_id FROM link_delta))
            GROUP BY 1, 2
        )
        SELECT d.claim_id, d.publisher,
               (coalesce(a.n, 0) > 0)::int - (coalesce(a.n, 0) - d.n > 0)::int AS sign
        FROM link_delta d LEFT JOIN links_now a ON a.claim_id = d.claim_id AND a.publisher = d.publisher
    ) ch JOIN (SELECT id, status FROM claim WHERE id = ANY(ARRAY(SELECT claim_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') o) l))) c ON c.id = ch.claim_id
        WHERE ch.sign <> 0
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.claim_source_insert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(SELECT claim_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') n) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.source_record AS t (source_id, claims_supported, supported_confirmed, supported_refuted)
        SELECT ch.source_id, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)
        FROM (SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') n) ch JOIN (SELECT id, status FROM claim WHERE id = ANY(ARRAY(SELECT claim_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') n) l))) c ON c.id = ch.claim_id
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, claims_supported, supported_confirmed, supported_refuted)
        SELECT ch.publisher, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)
        FROM (
        WITH link_delta AS (
            SELECT l.claim_id, coalesce(s.publisher, '(no publisher)') AS publisher, sum(l.sign) AS n
            FROM (SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') n) l JOIN source s ON s.id = l.source_id
            GROUP BY 1, 2 HAVING sum(l.sign) <> 0
        ), links_now AS (
            SELECT cs.claim_id, coalesce(s.publisher, '(no publisher)') AS publisher, count(*) AS n
            FROM claim_source cs JOIN source s ON s.id = cs.source_id
            WHERE cs.stance = 'supports' AND cs.claim_id = ANY(ARRAY(SELECT DISTINCT claim_id FROM link_delta))
            GROUP BY 1, 2
        )
        SELECT d.claim_id, d.publisher,
               (coalesce(a.n, 0) > 0)::int - (coalesce(a.n, 0) - d.n > 0)::int AS sign
        FROM link_delta d LEFT JOIN links_now a ON a.claim_id = d.claim_id AND a.publisher = d.publisher
    ) ch JOIN (SELECT id, status FROM claim WHERE id = ANY(ARRAY(SELECT claim_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') n) l))) c ON c.id = ch.claim_id
        WHERE ch.sign <> 0
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.claim_source_update() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(SELECT claim_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') n) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.source_record AS t (source_id, claims_supported, supported_confirmed, supported_refuted)
        SELECT ch.source_id, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') n) ch JOIN (SELECT id, status FROM claim WHERE id = ANY(ARRAY(SELECT claim_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') n) l))) c ON c.id = ch.claim_id
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, claims_supported, supported_confirmed, supported_refuted)
        SELECT ch.publisher, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)
        FROM (
        WITH link_delta AS (
            SELECT l.claim_id, coalesce(s.publisher, '(no publisher)') AS publisher, sum(l.sign) AS n
            FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') n) l JOIN source s ON s.id = l.source_id
            GROUP BY 1, 2 HAVING sum(l.sign) <> 0
        ), links_now AS (
            SELECT cs.claim_id, coalesce(s.publisher, '(no publisher)') AS publisher, count(*) AS n
            FROM claim_source cs JOIN source s ON s.id = cs.source_id
            WHERE cs.stance = 'supports' AND cs.claim_id = ANY(ARRAY(SELECT DISTINCT claim_id FROM link_delta))
            GROUP BY 1, 2
        )
        SELECT d.claim_id, d.publisher,
               (coalesce(a.n, 0) > 0)::int - (coalesce(a.n, 0) - d.n > 0)::int AS sign
        FROM link_delta d LEFT JOIN links_now a ON a.claim_id = d.claim_id AND a.publisher = d.publisher
    ) ch JOIN (SELECT id, status FROM claim WHERE id = ANY(ARRAY(SELECT claim_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports') o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.claim_id, r.source_id FROM new_rows r WHERE r.stance = 'supports' EXCEPT ALL SELECT r.claim_id, r.source_id FROM old_rows r WHERE r.stance = 'supports') n) l))) c ON c.id = ch.claim_id
        WHERE ch.sign <> 0
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (c.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (c.status = 'refuted')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.claim_unlink() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $_$
BEGIN
    EXECUTE $q$DELETE FROM claim_source WHERE claim_id = $1$q$ USING OLD.id;
    EXECUTE $q$DELETE FROM claim_actor WHERE claim_id = $1$q$ USING OLD.id;
    EXECUTE $q$DELETE FROM arms_transfer WHERE claim_id = $1$q$ USING OLD.id;
    RETURN OLD;
END
$_$;

CREATE FUNCTION reporting_summary.claim_update() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        INSERT INTO reporting_summary.claim_status_count AS t (status, claims)
        SELECT ch.status, coalesce(sum(ch.sign), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status FROM old_rows r EXCEPT ALL SELECT r.id, r.status FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status FROM new_rows r EXCEPT ALL SELECT r.id, r.status FROM old_rows r) n) ch
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0)) IS DISTINCT FROM (0)
        ORDER BY 1
        ON CONFLICT (status) DO UPDATE SET claims = t.claims + EXCLUDED.claims$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.source_record AS t (source_id, supported_confirmed, supported_refuted)
        SELECT cs.source_id, coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status FROM old_rows r EXCEPT ALL SELECT r.id, r.status FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status FROM new_rows r EXCEPT ALL SELECT r.id, r.status FROM old_rows r) n) ch JOIN claim_source cs ON cs.claim_id = ch.id AND cs.stance = 'supports'
        WHERE ch.status IN ('confirmed', 'refuted')
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0)) IS DISTINCT FROM (0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, supported_confirmed, supported_refuted)
        SELECT pc.publisher, coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status FROM old_rows r EXCEPT ALL SELECT r.id, r.status FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status FROM new_rows r EXCEPT ALL SELECT r.id, r.status FROM old_rows r) n) ch JOIN (
            SELECT DISTINCT cs.claim_id, coalesce(s.publisher, '(no publisher)') AS publisher
            FROM claim_source cs JOIN source s ON s.id = cs.source_id
            WHERE cs.stance = 'supports' AND cs.claim_id IN (SELECT ch.id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status FROM old_rows r EXCEPT ALL SELECT r.id, r.status FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status FROM new_rows r EXCEPT ALL SELECT r.id, r.status FROM old_rows r) n) ch)
        ) pc ON pc.claim_id = ch.id
        WHERE ch.status IN ('confirmed', 'refuted')
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0)) IS DISTINCT FROM (0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
            WITH mc AS (SELECT o.*, -1 AS sign FROM (SELECT r.id, reporting_summary.claim_month(r.occurred_on, r.stated_on, r.created_at) AS month FROM old_rows r EXCEPT ALL SELECT r.id, reporting_summary.claim_month(r.occurred_on, r.stated_on, r.created_at) AS month FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, reporting_summary.claim_month(r.occurred_on, r.stated_on, r.created_at) AS month FROM new_rows r EXCEPT ALL SELECT r.id, reporting_summary.claim_month(r.occurred_on, r.stated_on, r.created_at) AS month FROM old_rows r) n), pr AS (
        WITH members AS (SELECT DISTINCT parent_id, actor_id FROM (
        SELECT claim_id AS parent_id, actor_id FROM claim_actor WHERE claim_id = ANY(ARRAY(SELECT id FROM mc))
        UNION ALL SELECT claim_id, supplier_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT id FROM mc))
        UNION ALL SELECT claim_id, recipient_id FROM arms_transfer WHERE claim_id = ANY(ARRAY(SELECT id FROM mc))) m)
        SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high
        FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id)
            SELECT mc.month, pr.actor_low, pr.actor_high, mc.sign AS claims, 0 AS predictions, 0 AS resolutions
            FROM mc JOIN pr ON pr.parent_id = mc.id) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.log_loss(status text, probability double precision) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (CASE WHEN status IN ('confirmed', 'refuted') AND probability IS NOT NULL
                 THEN 0 - ln(greatest(CASE WHEN status = 'confirmed' THEN probability ELSE 1 - probability END, 0.001))
                 END)::numeric $$;

CREATE FUNCTION reporting_summary.month_of(day date) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT date_trunc('month', day::timestamp)::date $$;

CREATE FUNCTION reporting_summary.prediction_actor_delete() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM prediction p WHERE p.id = ANY(ARRAY(SELECT parent_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id AS parent_id, r.actor_id FROM old_rows r) o) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id AS parent_id, r.actor_id FROM old_rows r) o) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT prediction_id AS parent_id, actor_id FROM prediction_actor WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, supplier_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, recipient_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
        SELECT reporting_summary.month_of(p.made_on) AS month, pr.actor_low, pr.actor_high, 0 AS claims, pr.d AS predictions,
               0 AS resolutions
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        UNION ALL
        SELECT reporting_summary.month_of(p.resolved_on), pr.actor_low, pr.actor_high, 0, 0, pr.d
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        WHERE p.resolved_on IS NOT NULL) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.prediction_actor_insert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM prediction p WHERE p.id = ANY(ARRAY(SELECT parent_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id AS parent_id, r.actor_id FROM new_rows r) n) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id AS parent_id, r.actor_id FROM new_rows r) n) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT prediction_id AS parent_id, actor_id FROM prediction_actor WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, supplier_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, recipient_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
        SELECT reporting_summary.month_of(p.made_on) AS month, pr.actor_low, pr.actor_high, 0 AS claims, pr.d AS predictions,
               0 AS resolutions
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        UNION ALL
        SELECT reporting_summary.month_of(p.resolved_on), pr.actor_low, pr.actor_high, 0, 0, pr.d
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        WHERE p.resolved_on IS NOT NULL) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.prediction_actor_update() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM prediction p WHERE p.id = ANY(ARRAY(SELECT parent_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id AS parent_id, r.actor_id FROM old_rows r EXCEPT ALL SELECT r.prediction_id AS parent_id, r.actor_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id AS parent_id, r.actor_id FROM new_rows r EXCEPT ALL SELECT r.prediction_id AS parent_id, r.actor_id FROM old_rows r) n) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH link_delta AS (
            SELECT parent_id, actor_id, sum(sign) AS n FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id AS parent_id, r.actor_id FROM old_rows r EXCEPT ALL SELECT r.prediction_id AS parent_id, r.actor_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id AS parent_id, r.actor_id FROM new_rows r EXCEPT ALL SELECT r.prediction_id AS parent_id, r.actor_id FROM old_rows r) n) lc GROUP BY 1, 2 HAVING sum(sign) <> 0
        ), links_now AS (
            SELECT parent_id, actor_id, count(*) AS n
            FROM (
        SELECT prediction_id AS parent_id, actor_id FROM prediction_actor WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, supplier_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))
        UNION ALL SELECT prediction_id, recipient_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT parent_id FROM link_delta))) m GROUP BY 1, 2
        ), members AS (
            SELECT coalesce(a.parent_id, d.parent_id) AS parent_id, coalesce(a.actor_id, d.actor_id) AS actor_id,
                   coalesce(a.n, 0) > 0 AS is_in, coalesce(a.n, 0) - coalesce(d.n, 0) > 0 AS was_in
            FROM links_now a FULL JOIN link_delta d ON d.parent_id = a.parent_id AND d.actor_id = a.actor_id
        ), pairs AS (
            SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high,
                   (x.is_in AND y.is_in)::int - (x.was_in AND y.was_in)::int AS d
            FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id
            WHERE (x.is_in AND y.is_in) <> (x.was_in AND y.was_in)
        )
        
        SELECT reporting_summary.month_of(p.made_on) AS month, pr.actor_low, pr.actor_high, 0 AS claims, pr.d AS predictions,
               0 AS resolutions
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        UNION ALL
        SELECT reporting_summary.month_of(p.resolved_on), pr.actor_low, pr.actor_high, 0, 0, pr.d
        FROM (SELECT * FROM pairs) pr JOIN (SELECT id, made_on, resolved_on FROM prediction WHERE id = ANY(ARRAY(SELECT DISTINCT parent_id FROM pairs))) p ON p.id = pr.parent_id
        WHERE p.resolved_on IS NOT NULL) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.prediction_delete() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM source p WHERE p.id = ANY(ARRAY(SELECT predictor_source_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) o) ch)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR SHARE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.predictor_record AS t (actor_id, source_id, total, open, confirmed, refuted, ambiguous, withdrawn, scored, squared_error, log_loss)
        SELECT coalesce(ch.predictor_actor_id, 0), CASE WHEN ch.predictor_actor_id IS NULL THEN coalesce(ch.predictor_source_id, 0) ELSE 0 END, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status = 'ambiguous')::int), 0), coalesce(sum(ch.sign * (ch.status = 'withdrawn')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL)::int), 0), coalesce(sum(ch.sign * reporting_summary.squared_error(ch.status, ch.probability)), 0), coalesce(sum(ch.sign * reporting_summary.log_loss(ch.status, ch.probability)), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) o) ch
        WHERE TRUE
        GROUP BY 1, 2
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status = 'ambiguous')::int), 0), coalesce(sum(ch.sign * (ch.status = 'withdrawn')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL)::int), 0), coalesce(sum(ch.sign * reporting_summary.squared_error(ch.status, ch.probability)), 0), coalesce(sum(ch.sign * reporting_summary.log_loss(ch.status, ch.probability)), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0)
        ORDER BY 1, 2
        ON CONFLICT (actor_id, source_id) DO UPDATE SET total = t.total + EXCLUDED.total, open = t.open + EXCLUDED.open, confirmed = t.confirmed + EXCLUDED.confirmed, refuted = t.refuted + EXCLUDED.refuted, ambiguous = t.ambiguous + EXCLUDED.ambiguous, withdrawn = t.withdrawn + EXCLUDED.withdrawn, scored = t.scored + EXCLUDED.scored, squared_error = t.squared_error + EXCLUDED.squared_error, log_loss = t.log_loss + EXCLUDED.log_loss$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.calibration_record AS t (bin, predictions, probability_sum, confirmed)
        SELECT reporting_summary.calibration_bin(ch.probability), coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * ch.probability::numeric), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) o) ch
        WHERE ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * ch.probability::numeric), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (bin) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, probability_sum = t.probability_sum + EXCLUDED.probability_sum, confirmed = t.confirmed + EXCLUDED.confirmed$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.source_record AS t (source_id, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT ch.predictor_source_id, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) o) ch
        WHERE ch.predictor_source_id IS NOT NULL
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT coalesce(s.publisher, '(no publisher)'), coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) o) ch JOIN source s ON s.id = ch.predictor_source_id
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.prediction_insert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM source p WHERE p.id = ANY(ARRAY(SELECT predictor_source_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) n) ch)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR SHARE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.predictor_record AS t (actor_id, source_id, total, open, confirmed, refuted, ambiguous, withdrawn, scored, squared_error, log_loss)
        SELECT coalesce(ch.predictor_actor_id, 0), CASE WHEN ch.predictor_actor_id IS NULL THEN coalesce(ch.predictor_source_id, 0) ELSE 0 END, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status = 'ambiguous')::int), 0), coalesce(sum(ch.sign * (ch.status = 'withdrawn')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL)::int), 0), coalesce(sum(ch.sign * reporting_summary.squared_error(ch.status, ch.probability)), 0), coalesce(sum(ch.sign * reporting_summary.log_loss(ch.status, ch.probability)), 0)
        FROM (SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) n) ch
        WHERE TRUE
        GROUP BY 1, 2
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status = 'ambiguous')::int), 0), coalesce(sum(ch.sign * (ch.status = 'withdrawn')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL)::int), 0), coalesce(sum(ch.sign * reporting_summary.squared_error(ch.status, ch.probability)), 0), coalesce(sum(ch.sign * reporting_summary.log_loss(ch.status, ch.probability)), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0)
        ORDER BY 1, 2
        ON CONFLICT (actor_id, source_id) DO UPDATE SET total = t.total + EXCLUDED.total, open = t.open + EXCLUDED.open, confirmed = t.confirmed + EXCLUDED.confirmed, refuted = t.refuted + EXCLUDED.refuted, ambiguous = t.ambiguous + EXCLUDED.ambiguous, withdrawn = t.withdrawn + EXCLUDED.withdrawn, scored = t.scored + EXCLUDED.scored, squared_error = t.squared_error + EXCLUDED.squared_error, log_loss = t.log_loss + EXCLUDED.log_loss$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.calibration_record AS t (bin, predictions, probability_sum, confirmed)
        SELECT reporting_summary.calibration_bin(ch.probability), coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * ch.probability::numeric), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0)
        FROM (SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) n) ch
        WHERE ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * ch.probability::numeric), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (bin) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, probability_sum = t.probability_sum + EXCLUDED.probability_sum, confirmed = t.confirmed + EXCLUDED.confirmed$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.source_record AS t (source_id, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT ch.predictor_source_id, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)
        FROM (SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) n) ch
        WHERE ch.predictor_source_id IS NOT NULL
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT coalesce(s.publisher, '(no publisher)'), coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)
        FROM (SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) n) ch JOIN source s ON s.id = ch.predictor_source_id
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.prediction_tag_delete() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM prediction p WHERE p.id = ANY(ARRAY(SELECT prediction_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM old_rows r) o) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.calibration_tag_record AS t (tag_id, bin, predictions, probability_sum, confirmed)
        SELECT l.tag_id, reporting_summary.calibration_bin(p.probability), coalesce(sum(l.sign), 0), coalesce(sum(l.sign * p.probability::numeric), 0), coalesce(sum(l.sign * (p.status = 'confirmed')::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM old_rows r) o) l JOIN (SELECT id, status, probability FROM prediction WHERE id = ANY(ARRAY(SELECT prediction_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM old_rows r) o) l))) p ON p.id = l.prediction_id
        WHERE p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL
        GROUP BY 1, 2
        HAVING (coalesce(sum(l.sign), 0), coalesce(sum(l.sign * p.probability::numeric), 0), coalesce(sum(l.sign * (p.status = 'confirmed')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2
        ON CONFLICT (tag_id, bin) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, probability_sum = t.probability_sum + EXCLUDED.probability_sum, confirmed = t.confirmed + EXCLUDED.confirmed$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.prediction_tag_insert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM prediction p WHERE p.id = ANY(ARRAY(SELECT prediction_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM new_rows r) n) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.calibration_tag_record AS t (tag_id, bin, predictions, probability_sum, confirmed)
        SELECT l.tag_id, reporting_summary.calibration_bin(p.probability), coalesce(sum(l.sign), 0), coalesce(sum(l.sign * p.probability::numeric), 0), coalesce(sum(l.sign * (p.status = 'confirmed')::int), 0)
        FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM new_rows r) n) l JOIN (SELECT id, status, probability FROM prediction WHERE id = ANY(ARRAY(SELECT prediction_id FROM (SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM new_rows r) n) l))) p ON p.id = l.prediction_id
        WHERE p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL
        GROUP BY 1, 2
        HAVING (coalesce(sum(l.sign), 0), coalesce(sum(l.sign * p.probability::numeric), 0), coalesce(sum(l.sign * (p.status = 'confirmed')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2
        ON CONFLICT (tag_id, bin) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, probability_sum = t.probability_sum + EXCLUDED.probability_sum, confirmed = t.confirmed + EXCLUDED.confirmed$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.prediction_tag_update() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM prediction p WHERE p.id = ANY(ARRAY(SELECT prediction_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.tag_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.tag_id FROM old_rows r) n) l)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.calibration_tag_record AS t (tag_id, bin, predictions, probability_sum, confirmed)
        SELECT l.tag_id, reporting_summary.calibration_bin(p.probability), coalesce(sum(l.sign), 0), coalesce(sum(l.sign * p.probability::numeric), 0), coalesce(sum(l.sign * (p.status = 'confirmed')::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.tag_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.tag_id FROM old_rows r) n) l JOIN (SELECT id, status, probability FROM prediction WHERE id = ANY(ARRAY(SELECT prediction_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM old_rows r EXCEPT ALL SELECT r.prediction_id, r.tag_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.prediction_id, r.tag_id FROM new_rows r EXCEPT ALL SELECT r.prediction_id, r.tag_id FROM old_rows r) n) l))) p ON p.id = l.prediction_id
        WHERE p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL
        GROUP BY 1, 2
        HAVING (coalesce(sum(l.sign), 0), coalesce(sum(l.sign * p.probability::numeric), 0), coalesce(sum(l.sign * (p.status = 'confirmed')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2
        ON CONFLICT (tag_id, bin) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, probability_sum = t.probability_sum + EXCLUDED.probability_sum, confirmed = t.confirmed + EXCLUDED.confirmed$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.prediction_unlink() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $_$
BEGIN
    EXECUTE $q$DELETE FROM prediction_tag WHERE prediction_id = $1$q$ USING OLD.id;
    EXECUTE $q$DELETE FROM prediction_actor WHERE prediction_id = $1$q$ USING OLD.id;
    EXECUTE $q$DELETE FROM arms_transfer WHERE prediction_id = $1$q$ USING OLD.id;
    RETURN OLD;
END
$_$;

CREATE FUNCTION reporting_summary.prediction_update() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM source p WHERE p.id = ANY(ARRAY(SELECT predictor_source_id FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) n) ch)) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR SHARE$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.predictor_record AS t (actor_id, source_id, total, open, confirmed, refuted, ambiguous, withdrawn, scored, squared_error, log_loss)
        SELECT coalesce(ch.predictor_actor_id, 0), CASE WHEN ch.predictor_actor_id IS NULL THEN coalesce(ch.predictor_source_id, 0) ELSE 0 END, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status = 'ambiguous')::int), 0), coalesce(sum(ch.sign * (ch.status = 'withdrawn')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL)::int), 0), coalesce(sum(ch.sign * reporting_summary.squared_error(ch.status, ch.probability)), 0), coalesce(sum(ch.sign * reporting_summary.log_loss(ch.status, ch.probability)), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) n) ch
        WHERE TRUE
        GROUP BY 1, 2
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status = 'ambiguous')::int), 0), coalesce(sum(ch.sign * (ch.status = 'withdrawn')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL)::int), 0), coalesce(sum(ch.sign * reporting_summary.squared_error(ch.status, ch.probability)), 0), coalesce(sum(ch.sign * reporting_summary.log_loss(ch.status, ch.probability)), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0)
        ORDER BY 1, 2
        ON CONFLICT (actor_id, source_id) DO UPDATE SET total = t.total + EXCLUDED.total, open = t.open + EXCLUDED.open, confirmed = t.confirmed + EXCLUDED.confirmed, refuted = t.refuted + EXCLUDED.refuted, ambiguous = t.ambiguous + EXCLUDED.ambiguous, withdrawn = t.withdrawn + EXCLUDED.withdrawn, scored = t.scored + EXCLUDED.scored, squared_error = t.squared_error + EXCLUDED.squared_error, log_loss = t.log_loss + EXCLUDED.log_loss$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.calibration_record AS t (bin, predictions, probability_sum, confirmed)
        SELECT reporting_summary.calibration_bin(ch.probability), coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * ch.probability::numeric), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) n) ch
        WHERE ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * ch.probability::numeric), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (bin) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, probability_sum = t.probability_sum + EXCLUDED.probability_sum, confirmed = t.confirmed + EXCLUDED.confirmed$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.calibration_tag_record AS t (tag_id, bin, predictions, probability_sum, confirmed)
        SELECT pt.tag_id, reporting_summary.calibration_bin(ch.probability), coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * ch.probability::numeric), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) n) ch JOIN prediction_tag pt ON pt.prediction_id = ch.id
        WHERE ch.status IN ('confirmed', 'refuted') AND ch.probability IS NOT NULL
        GROUP BY 1, 2
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * ch.probability::numeric), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2
        ON CONFLICT (tag_id, bin) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, probability_sum = t.probability_sum + EXCLUDED.probability_sum, confirmed = t.confirmed + EXCLUDED.confirmed$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.source_record AS t (source_id, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT ch.predictor_source_id, coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) n) ch
        WHERE ch.predictor_source_id IS NOT NULL
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT coalesce(s.publisher, '(no publisher)'), coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) n) ch JOIN source s ON s.id = ch.predictor_source_id
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(ch.sign), 0), coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.arms_transfer_record AS t (supplier_id, recipient_id, category, item, expected, confirmed, refuted, annulled)
        SELECT t.supplier_id, t.recipient_id, t.category, t.item, coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)
        FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM new_rows r EXCEPT ALL SELECT r.id, r.status, r.probability, r.predictor_actor_id, r.predictor_source_id FROM old_rows r) n) ch JOIN arms_transfer t ON t.prediction_id = ch.id
        WHERE TRUE
        GROUP BY 1, 2, 3, 4
        HAVING (coalesce(sum(ch.sign * (ch.status = 'open')::int), 0), coalesce(sum(ch.sign * (ch.status = 'confirmed')::int), 0), coalesce(sum(ch.sign * (ch.status = 'refuted')::int), 0), coalesce(sum(ch.sign * (ch.status IN ('ambiguous', 'withdrawn'))::int), 0)) IS DISTINCT FROM (0, 0, 0, 0)
        ORDER BY 1, 2, 3, 4 NULLS FIRST
        ON CONFLICT ON CONSTRAINT arms_transfer_record_key DO UPDATE SET expected = t.expected + EXCLUDED.expected, confirmed = t.confirmed + EXCLUDED.confirmed, refuted = t.refuted + EXCLUDED.refuted, annulled = t.annulled + EXCLUDED.annulled$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        WITH mc AS (SELECT o.*, -1 AS sign FROM (SELECT r.id, r.made_on, r.resolved_on FROM old_rows r EXCEPT ALL SELECT r.id, r.made_on, r.resolved_on FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, r.made_on, r.resolved_on FROM new_rows r EXCEPT ALL SELECT r.id, r.made_on, r.resolved_on FROM old_rows r) n), pr AS (
        WITH members AS (SELECT DISTINCT parent_id, actor_id FROM (
        SELECT prediction_id AS parent_id, actor_id FROM prediction_actor WHERE prediction_id = ANY(ARRAY(SELECT id FROM mc))
        UNION ALL SELECT prediction_id, supplier_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT id FROM mc))
        UNION ALL SELECT prediction_id, recipient_id FROM arms_transfer WHERE prediction_id = ANY(ARRAY(SELECT id FROM mc))) m)
        SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high
        FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id)
        SELECT reporting_summary.month_of(mc.made_on) AS month, pr.actor_low, pr.actor_high, 0 AS claims, mc.sign AS predictions,
               0 AS resolutions
        FROM mc JOIN pr ON pr.parent_id = mc.id
        UNION ALL
        SELECT reporting_summary.month_of(mc.resolved_on), pr.actor_low, pr.actor_high, 0, 0, mc.sign
        FROM mc JOIN pr ON pr.parent_id = mc.id WHERE mc.resolved_on IS NOT NULL) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        ON CONFLICT (month, actor_id, other_id) DO UPDATE SET claims = t.claims + EXCLUDED.claims, predictions = t.predictions + EXCLUDED.predictions, resolutions = t.resolutions + EXCLUDED.resolutions$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.rebuild() RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '128MB'
    AS $_$
BEGIN
    EXECUTE $q$TRUNCATE reporting_summary.claim_status_count, reporting_summary.predictor_record, reporting_summary.calibration_record, reporting_summary.calibration_tag_record, reporting_summary.source_record, reporting_summary.publisher_record, reporting_summary.arms_transfer_record, reporting_summary.actor_pair_month$q$;
    EXECUTE $q$INSERT INTO reporting_summary.claim_status_count (status) VALUES ('unverified'), ('corroborated'), ('contested'), ('confirmed'), ('refuted'), ('retracted')$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.claim_status_count AS t (status, claims)
        SELECT c.status, coalesce(sum(1), 0)
        FROM claim c
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(1), 0)) IS DISTINCT FROM (0)
        ORDER BY 1
        ON CONFLICT (status) DO UPDATE SET claims = t.claims + EXCLUDED.claims$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.predictor_record AS t (actor_id, source_id, total, open, confirmed, refuted, ambiguous, withdrawn, scored, squared_error, log_loss)
        SELECT coalesce(p.predictor_actor_id, 0), CASE WHEN p.predictor_actor_id IS NULL THEN coalesce(p.predictor_source_id, 0) ELSE 0 END, coalesce(sum(1), 0), coalesce(sum((p.status = 'open')::int), 0), coalesce(sum((p.status = 'confirmed')::int), 0), coalesce(sum((p.status = 'refuted')::int), 0), coalesce(sum((p.status = 'ambiguous')::int), 0), coalesce(sum((p.status = 'withdrawn')::int), 0), coalesce(sum((p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL)::int), 0), coalesce(sum(reporting_summary.squared_error(p.status, p.probability)), 0), coalesce(sum(reporting_summary.log_loss(p.status, p.probability)), 0)
        FROM prediction p
        WHERE TRUE
        GROUP BY 1, 2
        HAVING (coalesce(sum(1), 0), coalesce(sum((p.status = 'open')::int), 0), coalesce(sum((p.status = 'confirmed')::int), 0), coalesce(sum((p.status = 'refuted')::int), 0), coalesce(sum((p.status = 'ambiguous')::int), 0), coalesce(sum((p.status = 'withdrawn')::int), 0), coalesce(sum((p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL)::int), 0), coalesce(sum(reporting_summary.squared_error(p.status, p.probability)), 0), coalesce(sum(reporting_summary.log_loss(p.status, p.probability)), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0)
        ORDER BY 1, 2
        $q$;
    EXECUTE $q$INSERT INTO reporting_summary.calibration_record (bin) SELECT generate_series(0, 9)$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.calibration_record AS t (bin, predictions, probability_sum, confirmed)
        SELECT reporting_summary.calibration_bin(p.probability), coalesce(sum(1), 0), coalesce(sum(p.probability::numeric), 0), coalesce(sum((p.status = 'confirmed')::int), 0)
        FROM prediction p
        WHERE p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL
        GROUP BY 1
        HAVING (coalesce(sum(1), 0), coalesce(sum(p.probability::numeric), 0), coalesce(sum((p.status = 'confirmed')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (bin) DO UPDATE SET predictions = t.predictions + EXCLUDED.predictions, probability_sum = t.probability_sum + EXCLUDED.probability_sum, confirmed = t.confirmed + EXCLUDED.confirmed$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.calibration_tag_record AS t (tag_id, bin, predictions, probability_sum, confirmed)
        SELECT pt.tag_id, reporting_summary.calibration_bin(p.probability), coalesce(sum(1), 0), coalesce(sum(p.probability::numeric), 0), coalesce(sum((p.status = 'confirmed')::int), 0)
        FROM prediction_tag pt JOIN prediction p ON p.id = pt.prediction_id
        WHERE p.status IN ('confirmed', 'refuted') AND p.probability IS NOT NULL
        GROUP BY 1, 2
        HAVING (coalesce(sum(1), 0), coalesce(sum(p.probability::numeric), 0), coalesce(sum((p.status = 'confirmed')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2
        $q$;
    EXECUTE $q$INSERT INTO reporting_summary.source_record (source_id, title) SELECT id, title FROM source ORDER BY id$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.source_record AS t (source_id, claims_supported, supported_confirmed, supported_refuted)
        SELECT cs.source_id, coalesce(sum(1), 0), coalesce(sum(1 * (c.status = 'confirmed')::int), 0), coalesce(sum(1 * (c.status = 'refuted')::int), 0)
        FROM claim_source cs JOIN claim c ON c.id = cs.claim_id
        WHERE cs.stance = 'supports'
        GROUP BY 1
        HAVING (coalesce(sum(1), 0), coalesce(sum(1 * (c.status = 'confirmed')::int), 0), coalesce(sum(1 * (c.status = 'refuted')::int), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.source_record AS t (source_id, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT p.predictor_source_id, coalesce(sum(1), 0), coalesce(sum(1 * (p.status = 'open')::int), 0), coalesce(sum(1 * (p.status = 'confirmed')::int), 0), coalesce(sum(1 * (p.status = 'refuted')::int), 0), coalesce(sum(1 * (p.status IN ('ambiguous', 'withdrawn'))::int), 0)
        FROM prediction p
        WHERE p.predictor_source_id IS NOT NULL
        GROUP BY 1
        HAVING (coalesce(sum(1), 0), coalesce(sum(1 * (p.status = 'open')::int), 0), coalesce(sum(1 * (p.status = 'confirmed')::int), 0), coalesce(sum(1 * (p.status = 'refuted')::int), 0), coalesce(sum(1 * (p.status IN ('ambiguous', 'withdrawn'))::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (source_id) DO UPDATE SET predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, grade_a, grade_b, grade_c, grade_d, grade_e, grade_f, claims_supported, supported_confirmed, supported_refuted, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT u.publisher, coalesce(sum(u.grade_a), 0), coalesce(sum(u.grade_b), 0), coalesce(sum(u.grade_c), 0), coalesce(sum(u.grade_d), 0), coalesce(sum(u.grade_e), 0), coalesce(sum(u.grade_f), 0), coalesce(sum(u.claims_supported), 0), coalesce(sum(u.supported_confirmed), 0), coalesce(sum(u.supported_refuted), 0), coalesce(sum(u.predictions_made), 0), coalesce(sum(u.predictions_open), 0), coalesce(sum(u.predictions_confirmed), 0), coalesce(sum(u.predictions_refuted), 0), coalesce(sum(u.predictions_annulled), 0)
        FROM (SELECT coalesce(s.publisher, '(no publisher)') AS publisher, (s.reliability = 'A')::int AS grade_a, (s.reliability = 'B')::int AS grade_b, (s.reliability = 'C')::int AS grade_c, (s.reliability = 'D')::int AS grade_d, (s.reliability = 'E')::int AS grade_e, (s.reliability = 'F')::int AS grade_f, 0 AS claims_supported, 0 AS supported_confirmed, 0 AS supported_refuted, 0 AS predictions_made, 0 AS predictions_open, 0 AS predictions_confirmed, 0 AS predictions_refuted, 0 AS predictions_annulled FROM source s UNION ALL SELECT x.publisher AS publisher, 0 AS grade_a, 0 AS grade_b, 0 AS grade_c, 0 AS grade_d, 0 AS grade_e, 0 AS grade_f, 1 AS claims_supported, 1 * (c.status = 'confirmed')::int AS supported_confirmed, 1 * (c.status = 'refuted')::int AS supported_refuted, 0 AS predictions_made, 0 AS predictions_open, 0 AS predictions_confirmed, 0 AS predictions_refuted, 0 AS predictions_annulled FROM (
        SELECT DISTINCT cs.claim_id, coalesce(s.publisher, '(no publisher)') AS publisher
        FROM claim_source cs JOIN source s ON s.id = cs.source_id WHERE cs.stance = 'supports') x JOIN claim c ON c.id = x.claim_id UNION ALL SELECT coalesce(s.publisher, '(no publisher)') AS publisher, 0 AS grade_a, 0 AS grade_b, 0 AS grade_c, 0 AS grade_d, 0 AS grade_e, 0 AS grade_f, 0 AS claims_supported, 0 AS supported_confirmed, 0 AS supported_refuted, 1 AS predictions_made, 1 * (p.status = 'open')::int AS predictions_open, 1 * (p.status = 'confirmed')::int AS predictions_confirmed, 1 * (p.status = 'refuted')::int AS predictions_refuted, 1 * (p.status IN ('ambiguous', 'withdrawn'))::int AS predictions_annulled FROM prediction p JOIN source s ON s.id = p.predictor_source_id) u
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(u.grade_a), 0), coalesce(sum(u.grade_b), 0), coalesce(sum(u.grade_c), 0), coalesce(sum(u.grade_d), 0), coalesce(sum(u.grade_e), 0), coalesce(sum(u.grade_f), 0), coalesce(sum(u.claims_supported), 0), coalesce(sum(u.supported_confirmed), 0), coalesce(sum(u.supported_refuted), 0), coalesce(sum(u.predictions_made), 0), coalesce(sum(u.predictions_open), 0), coalesce(sum(u.predictions_confirmed), 0), coalesce(sum(u.predictions_refuted), 0), coalesce(sum(u.predictions_annulled), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET grade_a = t.grade_a + EXCLUDED.grade_a, grade_b = t.grade_b + EXCLUDED.grade_b, grade_c = t.grade_c + EXCLUDED.grade_c, grade_d = t.grade_d + EXCLUDED.grade_d, grade_e = t.grade_e + EXCLUDED.grade_e, grade_f = t.grade_f + EXCLUDED.grade_f, claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted, predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.arms_transfer_record AS t (supplier_id, recipient_id, category, item, expected, confirmed, refuted, annulled, claims)
        SELECT t.supplier_id, t.recipient_id, t.category, t.item, coalesce(sum(1 * (p.status = 'open')::int), 0), coalesce(sum(1 * (p.status = 'confirmed')::int), 0), coalesce(sum(1 * (p.status = 'refuted')::int), 0), coalesce(sum(1 * (p.status IN ('ambiguous', 'withdrawn'))::int), 0), coalesce(sum((t.claim_id IS NOT NULL)::int), 0)
        FROM arms_transfer t LEFT JOIN prediction p ON p.id = t.prediction_id
        WHERE TRUE
        GROUP BY 1, 2, 3, 4
        HAVING (coalesce(sum(1 * (p.status = 'open')::int), 0), coalesce(sum(1 * (p.status = 'confirmed')::int), 0), coalesce(sum(1 * (p.status = 'refuted')::int), 0), coalesce(sum(1 * (p.status IN ('ambiguous', 'withdrawn'))::int), 0), coalesce(sum((t.claim_id IS NOT NULL)::int), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0)
        ORDER BY 1, 2, 3, 4 NULLS FIRST
        $q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.actor_pair_month AS t (month, actor_id, other_id, claims, predictions, resolutions)
        SELECT e.month, e.actor_id, e.other_id, coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)
        FROM (
        WITH e AS (SELECT * FROM (
        SELECT c.month, pr.actor_low, pr.actor_high, 1 AS claims, 0 AS predictions, 0 AS resolutions
        FROM (
        WITH members AS (SELECT DISTINCT parent_id, actor_id FROM (
        SELECT claim_id AS parent_id, actor_id FROM claim_actor WHERE claim_id IS NOT NULL
        UNION ALL SELECT claim_id, supplier_id FROM arms_transfer WHERE claim_id IS NOT NULL
        UNION ALL SELECT claim_id, recipient_id FROM arms_transfer WHERE claim_id IS NOT NULL) m)
        SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high
        FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id) pr JOIN (SELECT id, reporting_summary.claim_month(occurred_on, stated_on, created_at) AS month FROM claim) c ON c.id = pr.parent_id) event UNION ALL SELECT * FROM (
        SELECT reporting_summary.month_of(p.made_on) AS month, pr.actor_low, pr.actor_high, 0 AS claims, pr.d AS predictions,
               0 AS resolutions
        FROM (SELECT pr.*, 1 AS d FROM (
        WITH members AS (SELECT DISTINCT parent_id, actor_id FROM (
        SELECT prediction_id AS parent_id, actor_id FROM prediction_actor WHERE prediction_id IS NOT NULL
        UNION ALL SELECT prediction_id, supplier_id FROM arms_transfer WHERE prediction_id IS NOT NULL
        UNION ALL SELECT prediction_id, recipient_id FROM arms_transfer WHERE prediction_id IS NOT NULL) m)
        SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high
        FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id) pr) pr JOIN (SELECT id, made_on, resolved_on FROM prediction) p ON p.id = pr.parent_id
        UNION ALL
        SELECT reporting_summary.month_of(p.resolved_on), pr.actor_low, pr.actor_high, 0, 0, pr.d
        FROM (SELECT pr.*, 1 AS d FROM (
        WITH members AS (SELECT DISTINCT parent_id, actor_id FROM (
        SELECT prediction_id AS parent_id, actor_id FROM prediction_actor WHERE prediction_id IS NOT NULL
        UNION ALL SELECT prediction_id, supplier_id FROM arms_transfer WHERE prediction_id IS NOT NULL
        UNION ALL SELECT prediction_id, recipient_id FROM arms_transfer WHERE prediction_id IS NOT NULL) m)
        SELECT x.parent_id, x.actor_id AS actor_low, y.actor_id AS actor_high
        FROM members x JOIN members y ON y.parent_id = x.parent_id AND y.actor_id > x.actor_id) pr) pr JOIN (SELECT id, made_on, resolved_on FROM prediction) p ON p.id = pr.parent_id
        WHERE p.resolved_on IS NOT NULL) event)
        SELECT month, actor_low AS actor_id, actor_high AS other_id, claims, predictions, resolutions FROM e
        UNION ALL
        SELECT month, actor_high, actor_low, claims, predictions, resolutions FROM e
    ) e
        WHERE TRUE
        GROUP BY 1, 2, 3
        HAVING (coalesce(sum(e.claims), 0), coalesce(sum(e.predictions), 0), coalesce(sum(e.resolutions), 0)) IS DISTINCT FROM (0, 0, 0)
        ORDER BY 1, 2, 3
        $q$;
    RETURN;
END
$_$;

COMMENT ON FUNCTION reporting_summary.rebuild() IS 'Recompute every total of reporting_summary from the tables.';

CREATE FUNCTION reporting_summary.rebuild_after_truncate() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    AS $$
BEGIN
    PERFORM reporting_summary.rebuild();
    RETURN NULL;
END
$$;

CREATE FUNCTION reporting_summary.source_delete() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$DELETE FROM reporting_summary.source_record WHERE source_id IN (SELECT id FROM old_rows EXCEPT SELECT id FROM old_rows WHERE FALSE)$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, grade_a, grade_b, grade_c, grade_d, grade_e, grade_f, claims_supported, supported_confirmed, supported_refuted, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT u.publisher, coalesce(sum(u.grade_a), 0), coalesce(sum(u.grade_b), 0), coalesce(sum(u.grade_c), 0), coalesce(sum(u.grade_d), 0), coalesce(sum(u.grade_e), 0), coalesce(sum(u.grade_f), 0), coalesce(sum(u.claims_supported), 0), coalesce(sum(u.supported_confirmed), 0), coalesce(sum(u.supported_refuted), 0), coalesce(sum(u.predictions_made), 0), coalesce(sum(u.predictions_open), 0), coalesce(sum(u.predictions_confirmed), 0), coalesce(sum(u.predictions_refuted), 0), coalesce(sum(u.predictions_annulled), 0)
        FROM (SELECT ch.publisher AS publisher, ch.sign * (ch.reliability = 'A')::int AS grade_a, ch.sign * (ch.reliability = 'B')::int AS grade_b, ch.sign * (ch.reliability = 'C')::int AS grade_c, ch.sign * (ch.reliability = 'D')::int AS grade_d, ch.sign * (ch.reliability = 'E')::int AS grade_e, ch.sign * (ch.reliability = 'F')::int AS grade_f, 0 AS claims_supported, 0 AS supported_confirmed, 0 AS supported_refuted, 0 AS predictions_made, 0 AS predictions_open, 0 AS predictions_confirmed, 0 AS predictions_refuted, 0 AS predictions_annulled FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, coalesce(r.publisher, '(no publisher)') AS publisher, r.reliability FROM old_rows r) o) ch) u
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(u.grade_a), 0), coalesce(sum(u.grade_b), 0), coalesce(sum(u.grade_c), 0), coalesce(sum(u.grade_d), 0), coalesce(sum(u.grade_e), 0), coalesce(sum(u.grade_f), 0), coalesce(sum(u.claims_supported), 0), coalesce(sum(u.supported_confirmed), 0), coalesce(sum(u.supported_refuted), 0), coalesce(sum(u.predictions_made), 0), coalesce(sum(u.predictions_open), 0), coalesce(sum(u.predictions_confirmed), 0), coalesce(sum(u.predictions_refuted), 0), coalesce(sum(u.predictions_annulled), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET grade_a = t.grade_a + EXCLUDED.grade_a, grade_b = t.grade_b + EXCLUDED.grade_b, grade_c = t.grade_c + EXCLUDED.grade_c, grade_d = t.grade_d + EXCLUDED.grade_d, grade_e = t.grade_e + EXCLUDED.grade_e, grade_f = t.grade_f + EXCLUDED.grade_f, claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted, predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.source_insert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$INSERT INTO reporting_summary.source_record AS t (source_id, title) SELECT id, title FROM new_rows ORDER BY id ON CONFLICT (source_id) DO UPDATE SET title = EXCLUDED.title WHERE t.title <> EXCLUDED.title$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, grade_a, grade_b, grade_c, grade_d, grade_e, grade_f, claims_supported, supported_confirmed, supported_refuted, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT u.publisher, coalesce(sum(u.grade_a), 0), coalesce(sum(u.grade_b), 0), coalesce(sum(u.grade_c), 0), coalesce(sum(u.grade_d), 0), coalesce(sum(u.grade_e), 0), coalesce(sum(u.grade_f), 0), coalesce(sum(u.claims_supported), 0), coalesce(sum(u.supported_confirmed), 0), coalesce(sum(u.supported_refuted), 0), coalesce(sum(u.predictions_made), 0), coalesce(sum(u.predictions_open), 0), coalesce(sum(u.predictions_confirmed), 0), coalesce(sum(u.predictions_refuted), 0), coalesce(sum(u.predictions_annulled), 0)
        FROM (SELECT ch.publisher AS publisher, ch.sign * (ch.reliability = 'A')::int AS grade_a, ch.sign * (ch.reliability = 'B')::int AS grade_b, ch.sign * (ch.reliability = 'C')::int AS grade_c, ch.sign * (ch.reliability = 'D')::int AS grade_d, ch.sign * (ch.reliability = 'E')::int AS grade_e, ch.sign * (ch.reliability = 'F')::int AS grade_f, 0 AS claims_supported, 0 AS supported_confirmed, 0 AS supported_refuted, 0 AS predictions_made, 0 AS predictions_open, 0 AS predictions_confirmed, 0 AS predictions_refuted, 0 AS predictions_annulled FROM (SELECT n.*, 1 AS sign FROM (SELECT r.id, coalesce(r.publisher, '(no publisher)') AS publisher, r.reliability FROM new_rows r) n) ch) u
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(u.grade_a), 0), coalesce(sum(u.grade_b), 0), coalesce(sum(u.grade_c), 0), coalesce(sum(u.grade_d), 0), coalesce(sum(u.grade_e), 0), coalesce(sum(u.grade_f), 0), coalesce(sum(u.claims_supported), 0), coalesce(sum(u.supported_confirmed), 0), coalesce(sum(u.supported_refuted), 0), coalesce(sum(u.predictions_made), 0), coalesce(sum(u.predictions_open), 0), coalesce(sum(u.predictions_confirmed), 0), coalesce(sum(u.predictions_refuted), 0), coalesce(sum(u.predictions_annulled), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET grade_a = t.grade_a + EXCLUDED.grade_a, grade_b = t.grade_b + EXCLUDED.grade_b, grade_c = t.grade_c + EXCLUDED.grade_c, grade_d = t.grade_d + EXCLUDED.grade_d, grade_e = t.grade_e + EXCLUDED.grade_e, grade_f = t.grade_f + EXCLUDED.grade_f, claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted, predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.source_update() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'public', 'pg_temp'
    SET work_mem TO '32MB'
    AS $_$
BEGIN
    EXECUTE $q$
        SELECT FROM claim p WHERE p.id = ANY(ARRAY(
            SELECT DISTINCT cs.claim_id FROM claim_source cs
            WHERE cs.stance = 'supports' AND cs.source_id IN (SELECT id FROM (
            SELECT o.id, coalesce(o.publisher, '(no publisher)') AS before, coalesce(n.publisher, '(no publisher)') AS after
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE coalesce(o.publisher, '(no publisher)') <> coalesce(n.publisher, '(no publisher)')) m))) AND p.xmin <> pg_current_xact_id()::xid
        ORDER BY p.id FOR NO KEY UPDATE$q$;
    EXECUTE $q$DELETE FROM reporting_summary.source_record WHERE source_id IN (SELECT id FROM old_rows EXCEPT SELECT id FROM new_rows)$q$;
    EXECUTE $q$INSERT INTO reporting_summary.source_record AS t (source_id, title) SELECT id, title FROM new_rows ORDER BY id ON CONFLICT (source_id) DO UPDATE SET title = EXCLUDED.title WHERE t.title <> EXCLUDED.title$q$;
    EXECUTE $q$
        INSERT INTO reporting_summary.publisher_record AS t (publisher, grade_a, grade_b, grade_c, grade_d, grade_e, grade_f, claims_supported, supported_confirmed, supported_refuted, predictions_made, predictions_open, predictions_confirmed, predictions_refuted, predictions_annulled)
        SELECT u.publisher, coalesce(sum(u.grade_a), 0), coalesce(sum(u.grade_b), 0), coalesce(sum(u.grade_c), 0), coalesce(sum(u.grade_d), 0), coalesce(sum(u.grade_e), 0), coalesce(sum(u.grade_f), 0), coalesce(sum(u.claims_supported), 0), coalesce(sum(u.supported_confirmed), 0), coalesce(sum(u.supported_refuted), 0), coalesce(sum(u.predictions_made), 0), coalesce(sum(u.predictions_open), 0), coalesce(sum(u.predictions_confirmed), 0), coalesce(sum(u.predictions_refuted), 0), coalesce(sum(u.predictions_annulled), 0)
        FROM (SELECT ch.publisher AS publisher, ch.sign * (ch.reliability = 'A')::int AS grade_a, ch.sign * (ch.reliability = 'B')::int AS grade_b, ch.sign * (ch.reliability = 'C')::int AS grade_c, ch.sign * (ch.reliability = 'D')::int AS grade_d, ch.sign * (ch.reliability = 'E')::int AS grade_e, ch.sign * (ch.reliability = 'F')::int AS grade_f, 0 AS claims_supported, 0 AS supported_confirmed, 0 AS supported_refuted, 0 AS predictions_made, 0 AS predictions_open, 0 AS predictions_confirmed, 0 AS predictions_refuted, 0 AS predictions_annulled FROM (SELECT o.*, -1 AS sign FROM (SELECT r.id, coalesce(r.publisher, '(no publisher)') AS publisher, r.reliability FROM old_rows r EXCEPT ALL SELECT r.id, coalesce(r.publisher, '(no publisher)') AS publisher, r.reliability FROM new_rows r) o UNION ALL SELECT n.*, 1 AS sign FROM (SELECT r.id, coalesce(r.publisher, '(no publisher)') AS publisher, r.reliability FROM new_rows r EXCEPT ALL SELECT r.id, coalesce(r.publisher, '(no publisher)') AS publisher, r.reliability FROM old_rows r) n) ch UNION ALL SELECT m.publisher AS publisher, 0 AS grade_a, 0 AS grade_b, 0 AS grade_c, 0 AS grade_d, 0 AS grade_e, 0 AS grade_f, 0 AS claims_supported, 0 AS supported_confirmed, 0 AS supported_refuted, m.sign * r.predictions_made AS predictions_made, m.sign * r.predictions_open AS predictions_open, m.sign * r.predictions_confirmed AS predictions_confirmed, m.sign * r.predictions_refuted AS predictions_refuted, m.sign * r.predictions_annulled AS predictions_annulled FROM (SELECT id, after AS publisher, 1 AS sign FROM (
            SELECT o.id, coalesce(o.publisher, '(no publisher)') AS before, coalesce(n.publisher, '(no publisher)') AS after
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE coalesce(o.publisher, '(no publisher)') <> coalesce(n.publisher, '(no publisher)')) m1
                 UNION ALL SELECT id, before, -1 FROM (
            SELECT o.id, coalesce(o.publisher, '(no publisher)') AS before, coalesce(n.publisher, '(no publisher)') AS after
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE coalesce(o.publisher, '(no publisher)') <> coalesce(n.publisher, '(no publisher)')) m2) m
                JOIN reporting_summary.source_record r ON r.source_id = m.id UNION ALL SELECT ch.publisher AS publisher, 0 AS grade_a, 0 AS grade_b, 0 AS grade_c, 0 AS grade_d, 0 AS grade_e, 0 AS grade_f, ch.sign AS claims_supported, ch.sign * (c.status = 'confirmed')::int AS supported_confirmed, ch.sign * (c.status = 'refuted')::int AS supported_refuted, 0 AS predictions_made, 0 AS predictions_open, 0 AS predictions_confirmed, 0 AS predictions_refuted, 0 AS predictions_annulled FROM (
            SELECT x.claim_id, x.publisher, sum(x.sign) AS sign FROM (
                SELECT DISTINCT cs.claim_id, coalesce(m.after, s.publisher, '(no publisher)') AS publisher, 1 AS sign
                FROM claim_source cs JOIN source s ON s.id = cs.source_id LEFT JOIN (
            SELECT o.id, coalesce(o.publisher, '(no publisher)') AS before, coalesce(n.publisher, '(no publisher)') AS after
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE coalesce(o.publisher, '(no publisher)') <> coalesce(n.publisher, '(no publisher)')) m ON m.id = cs.source_id
                WHERE cs.stance = 'supports' AND cs.claim_id IN (
            SELECT DISTINCT cs.claim_id FROM claim_source cs
            WHERE cs.stance = 'supports' AND cs.source_id IN (SELECT id FROM (
            SELECT o.id, coalesce(o.publisher, '(no publisher)') AS before, coalesce(n.publisher, '(no publisher)') AS after
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE coalesce(o.publisher, '(no publisher)') <> coalesce(n.publisher, '(no publisher)')) m))
                UNION ALL
                SELECT DISTINCT cs.claim_id, coalesce(m.before, s.publisher, '(no publisher)'), -1
                FROM claim_source cs JOIN source s ON s.id = cs.source_id LEFT JOIN (
            SELECT o.id, coalesce(o.publisher, '(no publisher)') AS before, coalesce(n.publisher, '(no publisher)') AS after
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE coalesce(o.publisher, '(no publisher)') <> coalesce(n.publisher, '(no publisher)')) m ON m.id = cs.source_id
                WHERE cs.stance = 'supports' AND cs.claim_id IN (
            SELECT DISTINCT cs.claim_id FROM claim_source cs
            WHERE cs.stance = 'supports' AND cs.source_id IN (SELECT id FROM (
            SELECT o.id, coalesce(o.publisher, '(no publisher)') AS before, coalesce(n.publisher, '(no publisher)') AS after
            FROM old_rows o JOIN new_rows n ON n.id = o.id
            WHERE coalesce(o.publisher, '(no publisher)') <> coalesce(n.publisher, '(no publisher)')) m))
            ) x GROUP BY 1, 2 HAVING sum(x.sign) <> 0) ch JOIN claim c ON c.id = ch.claim_id) u
        WHERE TRUE
        GROUP BY 1
        HAVING (coalesce(sum(u.grade_a), 0), coalesce(sum(u.grade_b), 0), coalesce(sum(u.grade_c), 0), coalesce(sum(u.grade_d), 0), coalesce(sum(u.grade_e), 0), coalesce(sum(u.grade_f), 0), coalesce(sum(u.claims_supported), 0), coalesce(sum(u.supported_confirmed), 0), coalesce(sum(u.supported_refuted), 0), coalesce(sum(u.predictions_made), 0), coalesce(sum(u.predictions_open), 0), coalesce(sum(u.predictions_confirmed), 0), coalesce(sum(u.predictions_refuted), 0), coalesce(sum(u.predictions_annulled), 0)) IS DISTINCT FROM (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        ORDER BY 1
        ON CONFLICT (publisher) DO UPDATE SET grade_a = t.grade_a + EXCLUDED.grade_a, grade_b = t.grade_b + EXCLUDED.grade_b, grade_c = t.grade_c + EXCLUDED.grade_c, grade_d = t.grade_d + EXCLUDED.grade_d, grade_e = t.grade_e + EXCLUDED.grade_e, grade_f = t.grade_f + EXCLUDED.grade_f, claims_supported = t.claims_supported + EXCLUDED.claims_supported, supported_confirmed = t.supported_confirmed + EXCLUDED.supported_confirmed, supported_refuted = t.supported_refuted + EXCLUDED.supported_refuted, predictions_made = t.predictions_made + EXCLUDED.predictions_made, predictions_open = t.predictions_open + EXCLUDED.predictions_open, predictions_confirmed = t.predictions_confirmed + EXCLUDED.predictions_confirmed, predictions_refuted = t.predictions_refuted + EXCLUDED.predictions_refuted, predictions_annulled = t.predictions_annulled + EXCLUDED.predictions_annulled$q$;
    RETURN NULL;
END
$_$;

CREATE FUNCTION reporting_summary.squared_error(status text, probability double precision) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (CASE WHEN status IN ('confirmed', 'refuted')
                 THEN CASE WHEN abs(probability - (status = 'confirmed')::int) < 1e-150 THEN 0
                           ELSE (probability - (status = 'confirmed')::int) ^ 2 END END)::numeric $$;

CREATE TABLE public.actor (
    id bigint NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    iso_code text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT ck_actor_iso_code_alpha3 CHECK ((iso_code ~ '^[A-Z]{3}$'::text)),
    CONSTRAINT ck_actor_kind CHECK ((kind = ANY (ARRAY['state'::text, 'person'::text, 'organization'::text, 'armed_group'::text, 'other'::text]))),
    CONSTRAINT ck_actor_name_length CHECK (((length(btrim(name)) > 0) AND (length(name) <= 300)))
);

CREATE TABLE public.actor_alias (
    id bigint NOT NULL,
    actor_id bigint NOT NULL,
    alias text NOT NULL,
    CONSTRAINT ck_actor_alias_alias_length CHECK (((length(btrim(alias)) > 0) AND (length(alias) <= 300)))
);

ALTER TABLE public.actor_alias ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.actor_alias_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

ALTER TABLE public.actor ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.actor_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.alembic_version (
    version_num character varying(32) NOT NULL
);

CREATE TABLE public.arms_transfer (
    id bigint NOT NULL,
    prediction_id bigint,
    claim_id bigint,
    supplier_id bigint NOT NULL,
    recipient_id bigint NOT NULL,
    category text NOT NULL,
    item text,
    quantity integer,
    period_start date,
    period_end date,
    CONSTRAINT ck_arms_transfer_belongs_to_one CHECK ((num_nonnulls(prediction_id, claim_id) = 1)),
    CONSTRAINT ck_arms_transfer_category CHECK ((category = ANY (ARRAY['aircraft'::text, 'air_defence_systems'::text, 'anti_submarine_warfare'::text, 'armoured_vehicles'::text, 'artillery'::text, 'engines'::text, 'missiles'::text, 'naval_weapons'::text, 'satellites'::text, 'sensors'::text, 'ships'::text, 'ammunition'::text, 'other'::text]))),
    CONSTRAINT ck_arms_transfer_item_length CHECK ((length(item) <= 300)),
    CONSTRAINT ck_arms_transfer_period_order CHECK ((period_end >= period_start)),
    CONSTRAINT ck_arms_transfer_quantity_positive CHECK ((quantity > 0)),
    CONSTRAINT ck_arms_transfer_supplier_is_not_recipient CHECK ((supplier_id <> recipient_id))
);

ALTER TABLE public.arms_transfer ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.arms_transfer_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.claim (
    id bigint NOT NULL,
    statement text NOT NULL,
    status text DEFAULT 'unverified'::text NOT NULL,
    credibility smallint DEFAULT '6'::smallint NOT NULL,
    claimant_id bigint,
    occurred_on date,
    occurred_precision text,
    stated_on date,
    stated_precision text,
    recorded_by text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    search tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, statement)) STORED NOT NULL,
    CONSTRAINT ck_claim_credibility CHECK (((credibility >= 1) AND (credibility <= 6))),
    CONSTRAINT ck_claim_occurred_has_precision CHECK (((occurred_on IS NULL) = (occurred_precision IS NULL))),
    CONSTRAINT ck_claim_occurred_on_starts_period CHECK (((occurred_precision <> ALL (ARRAY['year'::text, 'month'::text, 'day'::text])) OR ((date_trunc(occurred_precision, (occurred_on)::timestamp without time zone))::date = occurred_on))),
    CONSTRAINT ck_claim_occurred_precision CHECK ((occurred_precision = ANY (ARRAY['year'::text, 'month'::text, 'day'::text]))),
    CONSTRAINT ck_claim_stated_has_precision CHECK (((stated_on IS NULL) = (stated_precision IS NULL))),
    CONSTRAINT ck_claim_stated_on_starts_period CHECK (((stated_precision <> ALL (ARRAY['year'::text, 'month'::text, 'day'::text])) OR ((date_trunc(stated_precision, (stated_on)::timestamp without time zone))::date = stated_on))),
    CONSTRAINT ck_claim_stated_precision CHECK ((stated_precision = ANY (ARRAY['year'::text, 'month'::text, 'day'::text]))),
    CONSTRAINT ck_claim_statement_length CHECK (((length(btrim(statement)) > 0) AND (length(statement) <= 5000))),
    CONSTRAINT ck_claim_status CHECK ((status = ANY (ARRAY['unverified'::text, 'corroborated'::text, 'contested'::text, 'confirmed'::text, 'refuted'::text, 'retracted'::text])))
);

CREATE TABLE public.claim_actor (
    claim_id bigint NOT NULL,
    actor_id bigint NOT NULL,
    role text DEFAULT 'subject'::text NOT NULL,
    CONSTRAINT ck_claim_actor_role CHECK ((role = ANY (ARRAY['subject'::text, 'target'::text, 'mentioned'::text])))
);

ALTER TABLE public.claim ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.claim_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.claim_source (
    claim_id bigint NOT NULL,
    source_id bigint NOT NULL,
    stance text DEFAULT 'reports'::text NOT NULL,
    excerpt text,
    added_by text NOT NULL,
    added_at timestamp with time zone DEFAULT now() NOT NULL,
    search tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE(excerpt, ''::text))) STORED NOT NULL,
    CONSTRAINT ck_claim_source_excerpt_length CHECK ((length(excerpt) <= 20000)),
    CONSTRAINT ck_claim_source_stance CHECK ((stance = ANY (ARRAY['supports'::text, 'disputes'::text, 'reports'::text])))
);

CREATE TABLE public.claim_tag (
    claim_id bigint NOT NULL,
    tag_id bigint NOT NULL
);

CREATE TABLE public.prediction (
    id bigint NOT NULL,
    statement text NOT NULL,
    predictor_actor_id bigint,
    predictor_source_id bigint,
    made_on date DEFAULT CURRENT_DATE NOT NULL,
    made_precision text DEFAULT 'day'::text NOT NULL,
    resolve_by date NOT NULL,
    resolve_by_precision text DEFAULT 'day'::text NOT NULL,
    probability double precision,
    likelihood text,
    confidence text,
    criteria text,
    status text DEFAULT 'open'::text NOT NULL,
    resolved_on date,
    resolution_note text,
    evidence_source_id bigint,
    claim_id bigint,
    recorded_by text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    search tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, ((statement || ' '::text) || COALESCE(criteria, ''::text)))) STORED NOT NULL,
    CONSTRAINT ck_prediction_annulment_has_note CHECK (((status <> ALL (ARRAY['ambiguous'::text, 'withdrawn'::text])) OR (COALESCE(length(btrim(resolution_note)), 0) > 0))),
    CONSTRAINT ck_prediction_confidence CHECK ((confidence = ANY (ARRAY['low'::text, 'moderate'::text, 'high'::text]))),
    CONSTRAINT ck_prediction_likelihood CHECK ((likelihood = ANY (ARRAY['almost no chance'::text, 'very unlikely'::text, 'unlikely'::text, 'roughly even chance'::text, 'likely'::text, 'very likely'::text, 'almost certain'::text]))),
    CONSTRAINT ck_prediction_made_on_starts_period CHECK (((made_precision <> ALL (ARRAY['year'::text, 'month'::text, 'day'::text])) OR ((date_trunc(made_precision, (made_on)::timestamp without time zone))::date = made_on))),
    CONSTRAINT ck_prediction_made_precision CHECK ((made_precision = ANY (ARRAY['year'::text, 'month'::text, 'day'::text]))),
    CONSTRAINT ck_prediction_open_iff_unresolved CHECK ((((status = 'open'::text) = (resolved_on IS NULL)) AND ((status <> 'open'::text) OR ((evidence_source_id IS NULL) AND (resolution_note IS NULL))))),
    CONSTRAINT ck_prediction_probability_fits_likelihood CHECK (((likelihood IS NULL) OR (probability IS NULL) OR ((probability >= (
CASE likelihood
    WHEN 'almost no chance'::text THEN 0.01
    WHEN 'very unlikely'::text THEN 0.05
    WHEN 'unlikely'::text THEN 0.2
    WHEN 'roughly even chance'::text THEN 0.45
    WHEN 'likely'::text THEN 0.55
    WHEN 'very likely'::text THEN 0.8
    WHEN 'almost certain'::text THEN 0.95
    ELSE NULL::numeric
END)::double precision) AND (probability <= (
CASE likelihood
    WHEN 'almost no chance'::text THEN 0.05
    WHEN 'very unlikely'::text THEN 0.2
    WHEN 'unlikely'::text THEN 0.45
    WHEN 'roughly even chance'::text THEN 0.55
    WHEN 'likely'::text THEN 0.8
    WHEN 'very likely'::text THEN 0.95
    WHEN 'almost certain'::text THEN 0.99
    ELSE NULL::numeric
END)::double precision)))),
    CONSTRAINT ck_prediction_probability_range CHECK (((probability >= (0)::double precision) AND (probability <= (1)::double precision))),
    CONSTRAINT ck_prediction_resolve_by_after_made CHECK ((resolve_by >= made_on)),
    CONSTRAINT ck_prediction_resolve_by_precision CHECK ((resolve_by_precision = ANY (ARRAY['year'::text, 'month'::text, 'day'::text]))),
    CONSTRAINT ck_prediction_resolved_after_made CHECK (((resolved_on IS NULL) OR (resolved_on >= made_on))),
    CONSTRAINT ck_prediction_statement_length CHECK (((length(btrim(statement)) > 0) AND (length(statement) <= 5000))),
    CONSTRAINT ck_prediction_status CHECK ((status = ANY (ARRAY['open'::text, 'confirmed'::text, 'refuted'::text, 'ambiguous'::text, 'withdrawn'::text]))),
    CONSTRAINT ck_prediction_text_length CHECK (((length(criteria) <= 20000) AND (length(resolution_note) <= 20000))),
    CONSTRAINT ck_prediction_verdict_has_evidence CHECK (((status <> ALL (ARRAY['confirmed'::text, 'refuted'::text])) OR (evidence_source_id IS NOT NULL)))
);

CREATE TABLE public.prediction_actor (
    prediction_id bigint NOT NULL,
    actor_id bigint NOT NULL,
    role text DEFAULT 'subject'::text NOT NULL,
    CONSTRAINT ck_prediction_actor_role CHECK ((role = ANY (ARRAY['subject'::text, 'target'::text, 'mentioned'::text])))
);

ALTER TABLE public.prediction ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.prediction_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.prediction_tag (
    prediction_id bigint NOT NULL,
    tag_id bigint NOT NULL
);

CREATE TABLE public.source (
    id bigint NOT NULL,
    kind text DEFAULT 'other'::text NOT NULL,
    title text NOT NULL,
    url text,
    publisher text,
    author text,
    published_on date,
    published_precision text,
    reliability text DEFAULT 'F'::text NOT NULL,
    notes text,
    recorded_by text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT ck_source_kind CHECK ((kind = ANY (ARRAY['news_article'::text, 'official_statement'::text, 'report'::text, 'satellite_imagery'::text, 'social_media'::text, 'dataset'::text, 'interview'::text, 'other'::text]))),
    CONSTRAINT ck_source_published_has_precision CHECK (((published_on IS NULL) = (published_precision IS NULL))),
    CONSTRAINT ck_source_published_on_starts_period CHECK (((published_precision <> ALL (ARRAY['year'::text, 'month'::text, 'day'::text])) OR ((date_trunc(published_precision, (published_on)::timestamp without time zone))::date = published_on))),
    CONSTRAINT ck_source_published_precision CHECK ((published_precision = ANY (ARRAY['year'::text, 'month'::text, 'day'::text]))),
    CONSTRAINT ck_source_reliability CHECK ((reliability = ANY (ARRAY['A'::text, 'B'::text, 'C'::text, 'D'::text, 'E'::text, 'F'::text]))),
    CONSTRAINT ck_source_title_length CHECK (((length(btrim(title)) > 0) AND (length(title) <= 1000))),
    CONSTRAINT ck_source_url_http CHECK ((url ~ '^https?://[^\s/]+'::text))
);

ALTER TABLE public.source ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.source_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.status_history (
    id bigint NOT NULL,
    claim_id bigint,
    prediction_id bigint,
    from_status text,
    to_status text NOT NULL,
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    effective_on date DEFAULT CURRENT_DATE NOT NULL,
    changed_by text NOT NULL,
    reason text,
    evidence_source_id bigint,
    CONSTRAINT ck_status_history_belongs_to_one CHECK ((num_nonnulls(claim_id, prediction_id) = 1)),
    CONSTRAINT ck_status_history_to_status CHECK ((((to_status = ANY (ARRAY['unverified'::text, 'corroborated'::text, 'contested'::text, 'confirmed'::text, 'refuted'::text, 'retracted'::text])) AND (claim_id IS NOT NULL)) OR ((to_status = ANY (ARRAY['open'::text, 'confirmed'::text, 'refuted'::text, 'ambiguous'::text, 'withdrawn'::text])) AND (prediction_id IS NOT NULL))))
);

ALTER TABLE public.status_history ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.status_history_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE public.tag (
    id bigint NOT NULL,
    name text NOT NULL,
    CONSTRAINT ck_tag_name_form CHECK ((name ~ '^[a-z0-9][a-z0-9_.:/-]{0,63}$'::text))
);

ALTER TABLE public.tag ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.tag_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

CREATE TABLE reporting_summary.actor_pair_month (
    month date NOT NULL,
    actor_id bigint NOT NULL,
    other_id bigint NOT NULL,
    claims bigint DEFAULT 0 NOT NULL,
    predictions bigint DEFAULT 0 NOT NULL,
    resolutions bigint DEFAULT 0 NOT NULL,
    CONSTRAINT actor_pair_month_check CHECK ((actor_id <> other_id))
);

COMMENT ON TABLE reporting_summary.actor_pair_month IS 'Per pair of actors and month (actor_timeline), each pair twice, once from either side (so that the pairs of one actor are one index away, and which comes first by name is decided when read): claims about both; predictions about both made, and resolved, that month.';

CREATE VIEW reporting.actor_timeline AS
 SELECT r.month,
    a.name AS actor_a,
    b.name AS actor_b,
    r.claims,
    r.predictions,
    r.resolutions,
    r.actor_id AS actor_a_id,
    r.other_id AS actor_b_id
   FROM ((reporting_summary.actor_pair_month r
     JOIN public.actor a ON ((a.id = r.actor_id)))
     JOIN public.actor b ON ((b.id = r.other_id)))
  WHERE ((a.name < b.name) AND ((r.claims > 0) OR (r.predictions > 0) OR (r.resolutions > 0)));

COMMENT ON VIEW reporting.actor_timeline IS 'Per pair of actors (in name order) and month: claims that concern both, predictions about both made that month, and predictions about both resolved that month. A claim''s month is when it occurred, else when it was stated, else when it was recorded; a date known only to the year counts in its January. Claimants and predictors are not part of a pair.';

CREATE TABLE reporting_summary.arms_transfer_record (
    supplier_id bigint NOT NULL,
    recipient_id bigint NOT NULL,
    category text NOT NULL,
    item text,
    expected bigint DEFAULT 0 NOT NULL,
    confirmed bigint DEFAULT 0 NOT NULL,
    refuted bigint DEFAULT 0 NOT NULL,
    annulled bigint DEFAULT 0 NOT NULL,
    claims bigint DEFAULT 0 NOT NULL
);

COMMENT ON TABLE reporting_summary.arms_transfer_record IS 'Per supplier, recipient, category and item (arms_transfers): predicted transfers by their prediction''s status, and claimed ones.';

CREATE VIEW reporting.arms_transfers AS
 SELECT sup.name AS supplier,
    rec.name AS recipient,
    r.category,
    r.item,
    r.expected,
    r.confirmed,
    r.refuted,
    r.annulled,
    r.claims,
    r.supplier_id,
    r.recipient_id
   FROM ((reporting_summary.arms_transfer_record r
     JOIN public.actor sup ON ((sup.id = r.supplier_id)))
     JOIN public.actor rec ON ((rec.id = r.recipient_id)))
  WHERE (((((r.expected + r.confirmed) + r.refuted) + r.annulled) + r.claims) > 0);

COMMENT ON VIEW reporting.arms_transfers IS 'Arms transfers by supplier, recipient, category and item: predictions that expect one (open), were confirmed, refuted or annulled (ambiguous or withdrawn), and claims that report one.';

CREATE VIEW reporting.calibration_bins AS
 SELECT bin,
    format('[%s, %s%s'::text, to_char(((bin)::numeric / 10.0), 'FM0.0'::text), to_char((((bin + 1))::numeric / 10.0), 'FM0.0'::text),
        CASE
            WHEN (bin = 9) THEN ']'::text
            ELSE ')'::text
        END) AS label,
    round(((bin)::numeric / 10.0), 1) AS low,
    round((((bin + 1))::numeric / 10.0), 1) AS high
   FROM generate_series(0, 9) b(bin);

COMMENT ON VIEW reporting.calibration_bins IS 'The ten probability bins of width 0.1: [low, high), except the last, [0.9, 1.0]; 0.5 is in [0.5, 0.6).';

CREATE TABLE reporting_summary.calibration_record (
    bin smallint NOT NULL,
    predictions bigint DEFAULT 0 NOT NULL,
    probability_sum numeric DEFAULT 0 NOT NULL,
    confirmed bigint DEFAULT 0 NOT NULL
);

COMMENT ON TABLE reporting_summary.calibration_record IS 'Per calibration bin (calibration): decided predictions with a probability, the sum of their probabilities, how many were confirmed.';

CREATE VIEW reporting.calibration AS
 SELECT b.label AS bin,
    b.low AS bin_low,
    b.high AS bin_high,
    COALESCE(r.predictions, (0)::bigint) AS predictions,
    ((r.probability_sum / (NULLIF(r.predictions, 0))::numeric))::double precision AS mean_forecast,
    ((r.confirmed)::double precision / (NULLIF(r.predictions, 0))::double precision) AS observed_frequency,
    COALESCE(r.confirmed, (0)::bigint) AS confirmed,
    COALESCE((r.predictions - r.confirmed), (0)::bigint) AS refuted
   FROM (( SELECT calibration_bins.bin,
            calibration_bins.label,
            calibration_bins.low,
            calibration_bins.high
           FROM reporting.calibration_bins) b
     LEFT JOIN reporting_summary.calibration_record r ON ((r.bin = b.bin)))
  ORDER BY b.bin;

COMMENT ON VIEW reporting.calibration IS 'Calibration over every scored prediction: per probability bin, how many, the mean forecast and the observed frequency (the share confirmed). Well calibrated: observed close to forecast.';

COMMENT ON COLUMN reporting.calibration.observed_frequency IS 'share of the bin''s predictions that were confirmed.';

CREATE TABLE reporting_summary.calibration_tag_record (
    tag_id bigint NOT NULL,
    bin smallint NOT NULL,
    predictions bigint DEFAULT 0 NOT NULL,
    probability_sum numeric DEFAULT 0 NOT NULL,
    confirmed bigint DEFAULT 0 NOT NULL
);

COMMENT ON TABLE reporting_summary.calibration_tag_record IS 'Per tag and calibration bin (calibration_by_tag): as calibration_record.';

CREATE VIEW reporting.calibration_by_tag AS
 SELECT t.name AS tag,
    b.label AS bin,
    b.low AS bin_low,
    b.high AS bin_high,
    COALESCE(r.predictions, (0)::bigint) AS predictions,
    ((r.probability_sum / (NULLIF(r.predictions, 0))::numeric))::double precision AS mean_forecast,
    ((r.confirmed)::double precision / (NULLIF(r.predictions, 0))::double precision) AS observed_frequency,
    COALESCE(r.confirmed, (0)::bigint) AS confirmed,
    COALESCE((r.predictions - r.confirmed), (0)::bigint) AS refuted
   FROM (((( SELECT calibration_tag_record.tag_id
           FROM reporting_summary.calibration_tag_record
          GROUP BY calibration_tag_record.tag_id
         HAVING (sum(calibration_tag_record.predictions) > (0)::numeric)) tags
     JOIN public.tag t ON ((t.id = tags.tag_id)))
     CROSS JOIN ( SELECT calibration_bins.bin,
            calibration_bins.label,
            calibration_bins.low,
            calibration_bins.high
           FROM reporting.calibration_bins) b)
     LEFT JOIN reporting_summary.calibration_tag_record r ON (((r.tag_id = tags.tag_id) AND (r.bin = b.bin) AND (r.predictions > 0))))
  ORDER BY t.name, b.bin;

COMMENT ON VIEW reporting.calibration_by_tag IS 'Calibration per tag: the calibration view''s ten bins for each tag that has a scored prediction.';

COMMENT ON COLUMN reporting.calibration_by_tag.observed_frequency IS 'share of the bin''s predictions that were confirmed.';

CREATE VIEW reporting.claim_actors AS
 SELECT x.claim_id,
    x.actor_id,
    a.name AS actor,
    x.role
   FROM (public.claim_actor x
     JOIN public.actor a ON ((a.id = x.actor_id)))
UNION ALL
 SELECT r.id AS claim_id,
    r.claimant_id AS actor_id,
    a.name AS actor,
    'claimant'::text AS role
   FROM (public.claim r
     JOIN public.actor a ON ((a.id = r.claimant_id)))
UNION ALL
 SELECT t.claim_id,
    t.supplier_id AS actor_id,
    a.name AS actor,
    'supplier'::text AS role
   FROM (public.arms_transfer t
     JOIN public.actor a ON ((a.id = t.supplier_id)))
  WHERE (t.claim_id IS NOT NULL)
UNION ALL
 SELECT t.claim_id,
    t.recipient_id AS actor_id,
    a.name AS actor,
    'recipient'::text AS role
   FROM (public.arms_transfer t
     JOIN public.actor a ON ((a.id = t.recipient_id)))
  WHERE (t.claim_id IS NOT NULL);

COMMENT ON VIEW reporting.claim_actors IS 'Every actor linked to each claim, and how: subject, target, mentioned, claimant, supplier or recipient.';

CREATE TABLE reporting_summary.claim_status_count (
    status text NOT NULL,
    claims bigint DEFAULT 0 NOT NULL
);

COMMENT ON TABLE reporting_summary.claim_status_count IS 'Claims per status (claim_status_summary).';

CREATE VIEW reporting.claim_status_summary AS
 SELECT st.status,
    COALESCE(c.claims, (0)::bigint) AS claims,
    ((COALESCE(c.claims, (0)::bigint))::double precision / (NULLIF(sum(COALESCE(c.claims, (0)::bigint)) OVER (), (0)::numeric))::double precision) AS share
   FROM (( VALUES (1,'unverified'::text), (2,'corroborated'::text), (3,'contested'::text), (4,'confirmed'::text), (5,'refuted'::text), (6,'retracted'::text)) st("position", status)
     LEFT JOIN reporting_summary.claim_status_count c ON ((c.status = st.status)))
  ORDER BY st."position";

COMMENT ON VIEW reporting.claim_status_summary IS 'How many claims have each status, and their share of all claims.';

CREATE VIEW reporting.prediction_actors AS
 SELECT x.prediction_id,
    x.actor_id,
    a.name AS actor,
    x.role
   FROM (public.prediction_actor x
     JOIN public.actor a ON ((a.id = x.actor_id)))
UNION ALL
 SELECT r.id AS prediction_id,
    r.predictor_actor_id AS actor_id,
    a.name AS actor,
    'predictor'::text AS role
   FROM (public.prediction r
     JOIN public.actor a ON ((a.id = r.predictor_actor_id)))
UNION ALL
 SELECT t.prediction_id,
    t.supplier_id AS actor_id,
    a.name AS actor,
    'supplier'::text AS role
   FROM (public.arms_transfer t
     JOIN public.actor a ON ((a.id = t.supplier_id)))
  WHERE (t.prediction_id IS NOT NULL)
UNION ALL
 SELECT t.prediction_id,
    t.recipient_id AS actor_id,
    a.name AS actor,
    'recipient'::text AS role
   FROM (public.arms_transfer t
     JOIN public.actor a ON ((a.id = t.recipient_id)))
  WHERE (t.prediction_id IS NOT NULL);

COMMENT ON VIEW reporting.prediction_actors IS 'Every actor linked to each prediction, and how: subject, target, mentioned, predictor, supplier or recipient.';

CREATE VIEW reporting.prediction_outcomes AS
 SELECT p.id AS prediction_id,
    p.statement,
    COALESCE(pa.name, ps.title, '(unattributed)'::text) AS predictor,
        CASE
            WHEN (pa.id IS NOT NULL) THEN 'actor'::text
            WHEN (ps.id IS NOT NULL) THEN 'source'::text
            ELSE 'unattributed'::text
        END AS predictor_kind,
    p.status,
    p.made_on,
    p.resolve_by,
    p.resolved_on,
    p.probability,
    p.likelihood,
    p.confidence,
    p.criteria,
        CASE p.status
            WHEN 'confirmed'::text THEN 1
            WHEN 'refuted'::text THEN 0
            ELSE NULL::integer
        END AS outcome,
    ((p.status = 'open'::text) AND (p.resolve_by < CURRENT_DATE)) AS overdue,
        CASE
            WHEN (p.status = ANY (ARRAY['confirmed'::text, 'refuted'::text])) THEN
            CASE
                WHEN (abs((p.probability - (((p.status = 'confirmed'::text))::integer)::double precision)) < (0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001)::double precision) THEN (0)::double precision
                ELSE ((p.probability - (((p.status = 'confirmed'::text))::integer)::double precision) ^ (2)::double precision)
            END
            ELSE NULL::double precision
        END AS squared_error,
        CASE
            WHEN ((p.status = ANY (ARRAY['confirmed'::text, 'refuted'::text])) AND (p.probability IS NOT NULL)) THEN ((0)::double precision - ln(GREATEST(
            CASE
                WHEN (p.status = 'confirmed'::text) THEN p.probability
                ELSE ((1)::double precision - p.probability)
            END, (0.001)::double precision)))
            ELSE NULL::double precision
        END AS log_loss,
        CASE
            WHEN (p.probability IS NOT NULL) THEN LEAST((floor(((p.probability)::numeric * (10)::numeric)))::integer, 9)
            ELSE NULL::integer
        END AS calibration_bin,
    ARRAY( SELECT DISTINCT x.actor
           FROM reporting.prediction_actors x
          WHERE (x.prediction_id = p.id)
          ORDER BY x.actor) AS actors,
    ARRAY( SELECT t.name
           FROM (public.prediction_tag pt
             JOIN public.tag t ON ((t.id = pt.tag_id)))
          WHERE (pt.prediction_id = p.id)
          ORDER BY t.name) AS tags,
    ps.title AS predictor_source,
    p.predictor_actor_id,
    p.predictor_source_id,
    p.claim_id,
    p.recorded_by
   FROM ((public.prediction p
     LEFT JOIN public.actor pa ON ((pa.id = p.predictor_actor_id)))
     LEFT JOIN public.source ps ON ((ps.id = p.predictor_source_id)));

COMMENT ON VIEW reporting.prediction_outcomes IS 'One row per prediction: its predictor, outcome (1 confirmed, 0 refuted), squared error, log loss and calibration bin. The scoreboard and calibration add these up; aggregate it yourself to score any slice.';

COMMENT ON COLUMN reporting.prediction_outcomes.outcome IS '1 if confirmed, 0 if refuted; null while open and for ambiguous or withdrawn.';

COMMENT ON COLUMN reporting.prediction_outcomes.squared_error IS '(probability - outcome)^2; null when not decided or without a probability.';

COMMENT ON COLUMN reporting.prediction_outcomes.log_loss IS '-ln(probability given to what happened, at least 0.001); null when not scored.';

COMMENT ON COLUMN reporting.prediction_outcomes.calibration_bin IS '0-9: floor(probability * 10), with 1.0 in bin 9; see calibration_bins.';

CREATE VIEW reporting.overdue_predictions AS
 SELECT prediction_id,
    statement,
    predictor,
    resolve_by,
    (CURRENT_DATE - resolve_by) AS days_overdue,
    made_on,
    probability,
    likelihood,
    confidence,
    criteria,
    actors,
    tags,
    recorded_by,
    predictor_actor_id,
    predictor_source_id
   FROM reporting.prediction_outcomes
  WHERE overdue;

COMMENT ON VIEW reporting.overdue_predictions IS 'Open predictions past their deadline (resolve_by is the last day of the deadline''s period).';

CREATE TABLE reporting_summary.predictor_record (
    actor_id bigint NOT NULL,
    source_id bigint NOT NULL,
    total bigint DEFAULT 0 NOT NULL,
    open bigint DEFAULT 0 NOT NULL,
    confirmed bigint DEFAULT 0 NOT NULL,
    refuted bigint DEFAULT 0 NOT NULL,
    ambiguous bigint DEFAULT 0 NOT NULL,
    withdrawn bigint DEFAULT 0 NOT NULL,
    scored bigint DEFAULT 0 NOT NULL,
    squared_error numeric DEFAULT 0 NOT NULL,
    log_loss numeric DEFAULT 0 NOT NULL
);

COMMENT ON TABLE reporting_summary.predictor_record IS 'Per predictor (prediction_scoreboard): the actor; else, with actor_id 0, the source; else, both 0, nobody. Predictions by status; sums of squared errors and log losses over the scored.';

CREATE VIEW reporting.prediction_scoreboard AS
 SELECT COALESCE(a.name, s.title, '(unattributed)'::text) AS predictor,
        CASE
            WHEN (r.actor_id <> 0) THEN 'actor'::text
            WHEN (r.source_id <> 0) THEN 'source'::text
            ELSE 'unattributed'::text
        END AS predictor_kind,
    r.total,
    r.open,
    COALESCE(o.overdue, (0)::bigint) AS overdue,
    r.confirmed,
    r.refuted,
    r.ambiguous,
    r.withdrawn,
    (r.confirmed + r.refuted) AS decided,
    ((r.confirmed)::double precision / (NULLIF((r.confirmed + r.refuted), 0))::double precision) AS hit_rate,
    r.scored,
    ((r.squared_error / (NULLIF(r.scored, 0))::numeric))::double precision AS brier_score,
    ((r.log_loss / (NULLIF(r.scored, 0))::numeric))::double precision AS log_score,
    NULLIF(r.actor_id, 0) AS predictor_actor_id,
    NULLIF(r.source_id, 0) AS predictor_source_id
   FROM (((reporting_summary.predictor_record r
     LEFT JOIN public.actor a ON ((a.id = r.actor_id)))
     LEFT JOIN public.source s ON ((s.id = r.source_id)))
     LEFT JOIN ( SELECT COALESCE(prediction.predictor_actor_id, (0)::bigint) AS actor_id,
                CASE
                    WHEN (prediction.predictor_actor_id IS NULL) THEN COALESCE(prediction.predictor_source_id, (0)::bigint)
                    ELSE (0)::bigint
                END AS source_id,
            count(*) AS overdue
           FROM public.prediction
          WHERE ((prediction.status = 'open'::text) AND (prediction.resolve_by < CURRENT_DATE))
          GROUP BY COALESCE(prediction.predictor_actor_id, (0)::bigint),
                CASE
                    WHEN (prediction.predictor_actor_id IS NULL) THEN COALESCE(prediction.predictor_source_id, (0)::bigint)
                    ELSE (0)::bigint
                END) o ON (((o.actor_id = r.actor_id) AND (o.source_id = r.source_id))))
  WHERE (r.total > 0)
  ORDER BY (((r.squared_error / (NULLIF(r.scored, 0))::numeric))::double precision), r.total DESC, COALESCE(a.name, s.title, '(unattributed)'::text);

COMMENT ON VIEW reporting.prediction_scoreboard IS 'Per predictor (the actor who made the prediction, else the source that published it): counts by status, hit rate = confirmed / decided, Brier and log scores over the scored (decided, with a probability).';

COMMENT ON COLUMN reporting.prediction_scoreboard.decided IS 'confirmed + refuted: what hit_rate counts.';

COMMENT ON COLUMN reporting.prediction_scoreboard.hit_rate IS 'confirmed / (confirmed + refuted); null when none is decided.';

COMMENT ON COLUMN reporting.prediction_scoreboard.scored IS 'decided predictions with a probability: what brier_score and log_score count.';

COMMENT ON COLUMN reporting.prediction_scoreboard.brier_score IS 'mean (probability - outcome)^2 over the scored; 0 is perfect, 0.25 a coin flip.';

COMMENT ON COLUMN reporting.prediction_scoreboard.log_score IS 'mean -ln(probability given to what happened, at least 0.001); 0 is perfect, 0.693 a coin flip.';

CREATE TABLE reporting_summary.publisher_record (
    publisher text NOT NULL,
    grade_a bigint DEFAULT 0 NOT NULL,
    grade_b bigint DEFAULT 0 NOT NULL,
    grade_c bigint DEFAULT 0 NOT NULL,
    grade_d bigint DEFAULT 0 NOT NULL,
    grade_e bigint DEFAULT 0 NOT NULL,
    grade_f bigint DEFAULT 0 NOT NULL,
    claims_supported bigint DEFAULT 0 NOT NULL,
    supported_confirmed bigint DEFAULT 0 NOT NULL,
    supported_refuted bigint DEFAULT 0 NOT NULL,
    predictions_made bigint DEFAULT 0 NOT NULL,
    predictions_open bigint DEFAULT 0 NOT NULL,
    predictions_confirmed bigint DEFAULT 0 NOT NULL,
    predictions_refuted bigint DEFAULT 0 NOT NULL,
    predictions_annulled bigint DEFAULT 0 NOT NULL
);

COMMENT ON TABLE reporting_summary.publisher_record IS 'Per publisher, ''(no publisher)'' for sources without one (publisher_track_record): its sources per reliability grade; distinct claims they support, of those confirmed and refuted; predictions and outcomes.';

CREATE VIEW reporting.publisher_track_record AS
 SELECT publisher,
    (((((grade_a + grade_b) + grade_c) + grade_d) + grade_e) + grade_f) AS sources,
    concat_ws(', '::text,
        CASE
            WHEN (grade_a > 0) THEN 'A'::text
            ELSE NULL::text
        END,
        CASE
            WHEN (grade_b > 0) THEN 'B'::text
            ELSE NULL::text
        END,
        CASE
            WHEN (grade_c > 0) THEN 'C'::text
            ELSE NULL::text
        END,
        CASE
            WHEN (grade_d > 0) THEN 'D'::text
            ELSE NULL::text
        END,
        CASE
            WHEN (grade_e > 0) THEN 'E'::text
            ELSE NULL::text
        END,
        CASE
            WHEN (grade_f > 0) THEN 'F'::text
            ELSE NULL::text
        END) AS reliability,
    claims_supported,
    supported_confirmed,
    supported_refuted,
    predictions_made,
    predictions_open,
    predictions_confirmed,
    predictions_refuted,
    predictions_annulled
   FROM reporting_summary.publisher_record r
  WHERE ((((((grade_a + grade_b) + grade_c) + grade_d) + grade_e) + grade_f) > 0)
  ORDER BY claims_supported DESC, predictions_made DESC, publisher;

COMMENT ON VIEW reporting.publisher_track_record IS 'Per publisher (sources without one together as ''(no publisher)''): its sources'' reliability grades, distinct claims they support and how many were confirmed or refuted, predictions they published and their outcomes.';

CREATE VIEW reporting.recent_changes AS
 SELECT h.changed_at,
        CASE
            WHEN (h.claim_id IS NOT NULL) THEN 'claim'::text
            ELSE 'prediction'::text
        END AS kind,
    COALESCE(h.claim_id, h.prediction_id) AS record_id,
    COALESCE(c.statement, o.statement) AS statement,
    h.from_status,
    h.to_status,
    h.changed_by,
    h.reason,
    e.title AS evidence,
    h.effective_on,
        CASE
            WHEN (h.claim_id IS NOT NULL) THEN ARRAY( SELECT DISTINCT x.actor
               FROM reporting.claim_actors x
              WHERE (x.claim_id = h.claim_id)
              ORDER BY x.actor)
            ELSE o.actors
        END AS actors,
        CASE
            WHEN (h.claim_id IS NOT NULL) THEN ARRAY( SELECT t.name
               FROM (public.claim_tag ct
                 JOIN public.tag t ON ((t.id = ct.tag_id)))
              WHERE (ct.claim_id = h.claim_id)
              ORDER BY t.name)
            ELSE o.tags
        END AS tags,
    h.evidence_source_id,
    h.id AS change_id
   FROM (((public.status_history h
     LEFT JOIN public.claim c ON ((c.id = h.claim_id)))
     LEFT JOIN reporting.prediction_outcomes o ON ((o.prediction_id = h.prediction_id)))
     LEFT JOIN public.source e ON ((e.id = h.evidence_source_id)));

COMMENT ON VIEW reporting.recent_changes IS 'Every status change of a claim or prediction, from the history the database keeps: when, what, from and to, who, why, and the evidence''s title. Newest first: ORDER BY changed_at DESC, change_id DESC.';

CREATE TABLE reporting_summary.source_record (
    source_id bigint NOT NULL,
    title text,
    claims_supported bigint DEFAULT 0 NOT NULL,
    supported_confirmed bigint DEFAULT 0 NOT NULL,
    supported_refuted bigint DEFAULT 0 NOT NULL,
    predictions_made bigint DEFAULT 0 NOT NULL,
    predictions_open bigint DEFAULT 0 NOT NULL,
    predictions_confirmed bigint DEFAULT 0 NOT NULL,
    predictions_refuted bigint DEFAULT 0 NOT NULL,
    predictions_annulled bigint DEFAULT 0 NOT NULL
);

COMMENT ON TABLE reporting_summary.source_record IS 'Per source, one row each (source_track_record): its title (a copy, so that the report''s order is one index), claims it supports, of those confirmed and refuted; predictions it made and their outcomes.';

CREATE VIEW reporting.source_track_record AS
 SELECT s.id AS source_id,
    r.title AS source,
    s.publisher,
    s.kind,
    s.reliability,
    r.claims_supported,
    r.supported_confirmed,
    r.supported_refuted,
    r.predictions_made,
    r.predictions_open,
    r.predictions_confirmed,
    r.predictions_refuted,
    r.predictions_annulled,
    s.url
   FROM (reporting_summary.source_record r
     JOIN public.source s ON ((s.id = r.source_id)));

COMMENT ON VIEW reporting.source_track_record IS 'Per source, beside its reliability grade: claims it supports and how many of those were confirmed or refuted; predictions it published and their outcomes.';

CREATE VIEW reporting.upcoming_resolutions AS
 SELECT prediction_id,
    statement,
    predictor,
    resolve_by,
    (resolve_by - CURRENT_DATE) AS days_left,
    made_on,
    probability,
    likelihood,
    confidence,
    criteria,
    actors,
    tags,
    recorded_by,
    predictor_actor_id,
    predictor_source_id
   FROM reporting.prediction_outcomes
  WHERE ((status = 'open'::text) AND ((resolve_by >= CURRENT_DATE) AND (resolve_by <= (CURRENT_DATE + 30))));

COMMENT ON VIEW reporting.upcoming_resolutions IS 'Open predictions due within 30 days, today included.';

ALTER TABLE ONLY public.alembic_version
    ADD CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num);

ALTER TABLE ONLY public.actor
    ADD CONSTRAINT pk_actor PRIMARY KEY (id);

ALTER TABLE ONLY public.actor_alias
    ADD CONSTRAINT pk_actor_alias PRIMARY KEY (id);

ALTER TABLE ONLY public.arms_transfer
    ADD CONSTRAINT pk_arms_transfer PRIMARY KEY (id);

ALTER TABLE ONLY public.claim
    ADD CONSTRAINT pk_claim PRIMARY KEY (id);

ALTER TABLE ONLY public.claim_actor
    ADD CONSTRAINT pk_claim_actor PRIMARY KEY (claim_id, actor_id, role);

ALTER TABLE ONLY public.claim_source
    ADD CONSTRAINT pk_claim_source PRIMARY KEY (claim_id, source_id);

ALTER TABLE ONLY public.claim_tag
    ADD CONSTRAINT pk_claim_tag PRIMARY KEY (claim_id, tag_id);

ALTER TABLE ONLY public.prediction
    ADD CONSTRAINT pk_prediction PRIMARY KEY (id);

ALTER TABLE ONLY public.prediction_actor
    ADD CONSTRAINT pk_prediction_actor PRIMARY KEY (prediction_id, actor_id, role);

ALTER TABLE ONLY public.prediction_tag
    ADD CONSTRAINT pk_prediction_tag PRIMARY KEY (prediction_id, tag_id);

ALTER TABLE ONLY public.source
    ADD CONSTRAINT pk_source PRIMARY KEY (id);

ALTER TABLE ONLY public.status_history
    ADD CONSTRAINT pk_status_history PRIMARY KEY (id);

ALTER TABLE ONLY public.tag
    ADD CONSTRAINT pk_tag PRIMARY KEY (id);

ALTER TABLE ONLY public.actor
    ADD CONSTRAINT uq_actor_iso_code UNIQUE (iso_code);

ALTER TABLE ONLY public.arms_transfer
    ADD CONSTRAINT uq_arms_transfer_claim_id UNIQUE (claim_id);

ALTER TABLE ONLY public.arms_transfer
    ADD CONSTRAINT uq_arms_transfer_prediction_id UNIQUE (prediction_id);

ALTER TABLE ONLY public.source
    ADD CONSTRAINT uq_source_url UNIQUE (url);

ALTER TABLE ONLY public.tag
    ADD CONSTRAINT uq_tag_name UNIQUE (name);

ALTER TABLE ONLY reporting_summary.actor_pair_month
    ADD CONSTRAINT actor_pair_month_pkey PRIMARY KEY (month, actor_id, other_id);

ALTER TABLE ONLY reporting_summary.arms_transfer_record
    ADD CONSTRAINT arms_transfer_record_key UNIQUE NULLS NOT DISTINCT (supplier_id, recipient_id, category, item);

ALTER TABLE ONLY reporting_summary.calibration_record
    ADD CONSTRAINT calibration_record_pkey PRIMARY KEY (bin);

ALTER TABLE ONLY reporting_summary.calibration_tag_record
    ADD CONSTRAINT calibration_tag_record_pkey PRIMARY KEY (tag_id, bin);

ALTER TABLE ONLY reporting_summary.claim_status_count
    ADD CONSTRAINT claim_status_count_pkey PRIMARY KEY (status);

ALTER TABLE ONLY reporting_summary.predictor_record
    ADD CONSTRAINT predictor_record_pkey PRIMARY KEY (actor_id, source_id);

ALTER TABLE ONLY reporting_summary.publisher_record
    ADD CONSTRAINT publisher_record_pkey PRIMARY KEY (publisher);

ALTER TABLE ONLY reporting_summary.source_record
    ADD CONSTRAINT source_record_pkey PRIMARY KEY (source_id);

CREATE INDEX ix_actor_alias_actor_id ON public.actor_alias USING btree (actor_id);

CREATE INDEX ix_arms_transfer_recipient_id ON public.arms_transfer USING btree (recipient_id);

CREATE INDEX ix_arms_transfer_supplier_id ON public.arms_transfer USING btree (supplier_id);

CREATE INDEX ix_claim_actor_actor_id ON public.claim_actor USING btree (actor_id);

CREATE INDEX ix_claim_claimant_id ON public.claim USING btree (claimant_id);

CREATE INDEX ix_claim_created_at ON public.claim USING btree (created_at);

CREATE INDEX ix_claim_search ON public.claim USING gin (search);

CREATE INDEX ix_claim_source_search ON public.claim_source USING gin (search);

CREATE INDEX ix_claim_source_source_id ON public.claim_source USING btree (source_id);

CREATE INDEX ix_claim_statement_trgm ON public.claim USING gin (statement public.gin_trgm_ops);

CREATE INDEX ix_claim_status ON public.claim USING btree (status);

CREATE INDEX ix_claim_tag_tag_id ON public.claim_tag USING btree (tag_id);

CREATE INDEX ix_prediction_actor_actor_id ON public.prediction_actor USING btree (actor_id);

CREATE INDEX ix_prediction_claim_id ON public.prediction USING btree (claim_id);

CREATE INDEX ix_prediction_evidence_source_id ON public.prediction USING btree (evidence_source_id);

CREATE INDEX ix_prediction_open_resolve_by ON public.prediction USING btree (resolve_by, id) INCLUDE (predictor_actor_id, predictor_source_id) WHERE (status = 'open'::text);

CREATE INDEX ix_prediction_predictor_actor_id ON public.prediction USING btree (predictor_actor_id);

CREATE INDEX ix_prediction_predictor_source_id ON public.prediction USING btree (predictor_source_id);

CREATE INDEX ix_prediction_search ON public.prediction USING gin (search);

CREATE INDEX ix_prediction_status ON public.prediction USING btree (status);

CREATE INDEX ix_prediction_tag_tag_id ON public.prediction_tag USING btree (tag_id);

CREATE INDEX ix_source_publisher ON public.source USING btree (publisher);

CREATE INDEX ix_status_history_changed_at ON public.status_history USING btree (changed_at, id);

CREATE INDEX ix_status_history_claim ON public.status_history USING btree (claim_id, changed_at) WHERE (claim_id IS NOT NULL);

CREATE INDEX ix_status_history_evidence_source_id ON public.status_history USING btree (evidence_source_id);

CREATE INDEX ix_status_history_prediction ON public.status_history USING btree (prediction_id, changed_at) WHERE (prediction_id IS NOT NULL);

CREATE UNIQUE INDEX uq_actor_alias_lower_alias ON public.actor_alias USING btree (lower(alias));

CREATE UNIQUE INDEX uq_actor_lower_name ON public.actor USING btree (lower(name));

CREATE INDEX actor_pair_month_actor ON reporting_summary.actor_pair_month USING btree (actor_id, month);

CREATE INDEX actor_pair_month_other ON reporting_summary.actor_pair_month USING btree (other_id, month);

CREATE INDEX source_record_rank ON reporting_summary.source_record USING btree (claims_supported DESC, predictions_made DESC, title, source_id);

CREATE TRIGGER claim_status_guard BEFORE UPDATE ON public.claim FOR EACH ROW EXECUTE FUNCTION public.claim_status_guard();

CREATE TRIGGER claim_status_history AFTER INSERT OR UPDATE OF status ON public.claim FOR EACH ROW EXECUTE FUNCTION public.claim_status_history();

CREATE TRIGGER prediction_status_guard BEFORE UPDATE ON public.prediction FOR EACH ROW EXECUTE FUNCTION public.prediction_status_guard();

CREATE TRIGGER prediction_status_history AFTER INSERT OR UPDATE OF status ON public.prediction FOR EACH ROW EXECUTE FUNCTION public.prediction_status_history();

CREATE TRIGGER status_history_no_truncate BEFORE TRUNCATE ON public.status_history FOR EACH STATEMENT EXECUTE FUNCTION public.status_history_append_only();

CREATE TRIGGER status_history_no_update_or_delete BEFORE DELETE OR UPDATE ON public.status_history FOR EACH ROW EXECUTE FUNCTION public.status_history_append_only();

CREATE TRIGGER summary_arms_transfer_delete AFTER DELETE ON public.arms_transfer REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.arms_transfer_delete();

CREATE TRIGGER summary_arms_transfer_insert AFTER INSERT ON public.arms_transfer REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.arms_transfer_insert();

CREATE TRIGGER summary_arms_transfer_truncate AFTER TRUNCATE ON public.arms_transfer FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.rebuild_after_truncate();

CREATE TRIGGER summary_arms_transfer_update AFTER UPDATE ON public.arms_transfer REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.arms_transfer_update();

CREATE TRIGGER summary_claim_actor_delete AFTER DELETE ON public.claim_actor REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.claim_actor_delete();

CREATE TRIGGER summary_claim_actor_insert AFTER INSERT ON public.claim_actor REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.claim_actor_insert();

CREATE TRIGGER summary_claim_actor_truncate AFTER TRUNCATE ON public.claim_actor FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.rebuild_after_truncate();

CREATE TRIGGER summary_claim_actor_update AFTER UPDATE ON public.claim_actor REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.claim_actor_update();

CREATE TRIGGER summary_claim_delete AFTER DELETE ON public.claim REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.claim_delete();

CREATE TRIGGER summary_claim_insert AFTER INSERT ON public.claim REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.claim_insert();

CREATE TRIGGER summary_claim_source_delete AFTER DELETE ON public.claim_source REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.claim_source_delete();

CREATE TRIGGER summary_claim_source_insert AFTER INSERT ON public.claim_source REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.claim_source_insert();

CREATE TRIGGER summary_claim_source_truncate AFTER TRUNCATE ON public.claim_source FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.rebuild_after_truncate();

CREATE TRIGGER summary_claim_source_update AFTER UPDATE ON public.claim_source REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.claim_source_update();

CREATE TRIGGER summary_claim_truncate AFTER TRUNCATE ON public.claim FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.rebuild_after_truncate();

CREATE TRIGGER summary_claim_unlink BEFORE DELETE ON public.claim FOR EACH ROW EXECUTE FUNCTION reporting_summary.claim_unlink();

CREATE TRIGGER summary_claim_update AFTER UPDATE ON public.claim REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.claim_update();

CREATE TRIGGER summary_prediction_actor_delete AFTER DELETE ON public.prediction_actor REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.prediction_actor_delete();

CREATE TRIGGER summary_prediction_actor_insert AFTER INSERT ON public.prediction_actor REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.prediction_actor_insert();

CREATE TRIGGER summary_prediction_actor_truncate AFTER TRUNCATE ON public.prediction_actor FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.rebuild_after_truncate();

CREATE TRIGGER summary_prediction_actor_update AFTER UPDATE ON public.prediction_actor REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.prediction_actor_update();

CREATE TRIGGER summary_prediction_delete AFTER DELETE ON public.prediction REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.prediction_delete();

CREATE TRIGGER summary_prediction_insert AFTER INSERT ON public.prediction REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.prediction_insert();

CREATE TRIGGER summary_prediction_tag_delete AFTER DELETE ON public.prediction_tag REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.prediction_tag_delete();

CREATE TRIGGER summary_prediction_tag_insert AFTER INSERT ON public.prediction_tag REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.prediction_tag_insert();

CREATE TRIGGER summary_prediction_tag_truncate AFTER TRUNCATE ON public.prediction_tag FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.rebuild_after_truncate();

CREATE TRIGGER summary_prediction_tag_update AFTER UPDATE ON public.prediction_tag REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.prediction_tag_update();

CREATE TRIGGER summary_prediction_truncate AFTER TRUNCATE ON public.prediction FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.rebuild_after_truncate();

CREATE TRIGGER summary_prediction_unlink BEFORE DELETE ON public.prediction FOR EACH ROW EXECUTE FUNCTION reporting_summary.prediction_unlink();

CREATE TRIGGER summary_prediction_update AFTER UPDATE ON public.prediction REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.prediction_update();

CREATE TRIGGER summary_source_delete AFTER DELETE ON public.source REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.source_delete();

CREATE TRIGGER summary_source_insert AFTER INSERT ON public.source REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.source_insert();

CREATE TRIGGER summary_source_truncate AFTER TRUNCATE ON public.source FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.rebuild_after_truncate();

CREATE TRIGGER summary_source_update AFTER UPDATE ON public.source REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reporting_summary.source_update();

ALTER TABLE ONLY public.actor_alias
    ADD CONSTRAINT fk_actor_alias_actor_id_actor FOREIGN KEY (actor_id) REFERENCES public.actor(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.arms_transfer
    ADD CONSTRAINT fk_arms_transfer_claim_id_claim FOREIGN KEY (claim_id) REFERENCES public.claim(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.arms_transfer
    ADD CONSTRAINT fk_arms_transfer_prediction_id_prediction FOREIGN KEY (prediction_id) REFERENCES public.prediction(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.arms_transfer
    ADD CONSTRAINT fk_arms_transfer_recipient_id_actor FOREIGN KEY (recipient_id) REFERENCES public.actor(id);

ALTER TABLE ONLY public.arms_transfer
    ADD CONSTRAINT fk_arms_transfer_supplier_id_actor FOREIGN KEY (supplier_id) REFERENCES public.actor(id);

ALTER TABLE ONLY public.claim_actor
    ADD CONSTRAINT fk_claim_actor_actor_id_actor FOREIGN KEY (actor_id) REFERENCES public.actor(id);

ALTER TABLE ONLY public.claim_actor
    ADD CONSTRAINT fk_claim_actor_claim_id_claim FOREIGN KEY (claim_id) REFERENCES public.claim(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.claim
    ADD CONSTRAINT fk_claim_claimant_id_actor FOREIGN KEY (claimant_id) REFERENCES public.actor(id);

ALTER TABLE ONLY public.claim_source
    ADD CONSTRAINT fk_claim_source_claim_id_claim FOREIGN KEY (claim_id) REFERENCES public.claim(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.claim_source
    ADD CONSTRAINT fk_claim_source_source_id_source FOREIGN KEY (source_id) REFERENCES public.source(id);

ALTER TABLE ONLY public.claim_tag
    ADD CONSTRAINT fk_claim_tag_claim_id_claim FOREIGN KEY (claim_id) REFERENCES public.claim(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.claim_tag
    ADD CONSTRAINT fk_claim_tag_tag_id_tag FOREIGN KEY (tag_id) REFERENCES public.tag(id);

ALTER TABLE ONLY public.prediction_actor
    ADD CONSTRAINT fk_prediction_actor_actor_id_actor FOREIGN KEY (actor_id) REFERENCES public.actor(id);

ALTER TABLE ONLY public.prediction_actor
    ADD CONSTRAINT fk_prediction_actor_prediction_id_prediction FOREIGN KEY (prediction_id) REFERENCES public.prediction(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.prediction
    ADD CONSTRAINT fk_prediction_claim_id_claim FOREIGN KEY (claim_id) REFERENCES public.claim(id);

ALTER TABLE ONLY public.prediction
    ADD CONSTRAINT fk_prediction_evidence_source_id_source FOREIGN KEY (evidence_source_id) REFERENCES public.source(id);

ALTER TABLE ONLY public.prediction
    ADD CONSTRAINT fk_prediction_predictor_actor_id_actor FOREIGN KEY (predictor_actor_id) REFERENCES public.actor(id);

ALTER TABLE ONLY public.prediction
    ADD CONSTRAINT fk_prediction_predictor_source_id_source FOREIGN KEY (predictor_source_id) REFERENCES public.source(id);

ALTER TABLE ONLY public.prediction_tag
    ADD CONSTRAINT fk_prediction_tag_prediction_id_prediction FOREIGN KEY (prediction_id) REFERENCES public.prediction(id) ON DELETE CASCADE;

ALTER TABLE ONLY public.prediction_tag
    ADD CONSTRAINT fk_prediction_tag_tag_id_tag FOREIGN KEY (tag_id) REFERENCES public.tag(id);

ALTER TABLE ONLY public.status_history
    ADD CONSTRAINT fk_status_history_claim_id_claim FOREIGN KEY (claim_id) REFERENCES public.claim(id);

ALTER TABLE ONLY public.status_history
    ADD CONSTRAINT fk_status_history_evidence_source_id_source FOREIGN KEY (evidence_source_id) REFERENCES public.source(id);

ALTER TABLE ONLY public.status_history
    ADD CONSTRAINT fk_status_history_prediction_id_prediction FOREIGN KEY (prediction_id) REFERENCES public.prediction(id);

REVOKE ALL ON FUNCTION reporting_summary.arms_transfer_delete() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.arms_transfer_insert() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.arms_transfer_update() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.calibration_bin(probability double precision) FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.claim_actor_delete() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.claim_actor_insert() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.claim_actor_update() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.claim_delete() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.claim_insert() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.claim_month(occurred_on date, stated_on date, created_at timestamp with time zone) FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.claim_source_delete() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.claim_source_insert() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.claim_source_update() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.claim_unlink() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.claim_update() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.log_loss(status text, probability double precision) FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.month_of(day date) FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.prediction_actor_delete() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.prediction_actor_insert() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.prediction_actor_update() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.prediction_delete() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.prediction_insert() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.prediction_tag_delete() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.prediction_tag_insert() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.prediction_tag_update() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.prediction_unlink() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.prediction_update() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.rebuild() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.rebuild_after_truncate() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.source_delete() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.source_insert() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.source_update() FROM PUBLIC;

REVOKE ALL ON FUNCTION reporting_summary.squared_error(status text, probability double precision) FROM PUBLIC;
