-- reporting.record_changes as the database holds it at head. To change it: a new revision, then this file
-- (docs/reports.md, "Changing a view or adding a total").
CREATE OR REPLACE VIEW reporting.record_changes AS
SELECT
    c.changed_at,
    c.record_table AS kind,
    c.record_id,
    CASE c.record_table
        WHEN 'claim' THEN (SELECT r.statement FROM claim r WHERE r.id = c.record_id)
        WHEN 'prediction' THEN (SELECT r.statement FROM prediction r WHERE r.id = c.record_id)
        WHEN 'source' THEN (SELECT r.title FROM source r WHERE r.id = c.record_id)
        WHEN 'actor' THEN (SELECT r.name FROM actor r WHERE r.id = c.record_id)
        WHEN 'tag' THEN (SELECT r.name FROM tag r WHERE r.id = c.record_id)
    END AS record,
    CASE
        WHEN c.table_name <> c.record_table THEN c.table_name || CASE c.operation WHEN 'insert' THEN ' added' WHEN 'delete' THEN ' removed' ELSE ' changed' END
        WHEN c.operation = 'delete' THEN 'erased'
        WHEN c.new_values ->> 'merged_into_id' IS NOT NULL THEN 'merged into ' || c.record_table || ' ' || (c.new_values ->> 'merged_into_id')
        WHEN c.new_values ? 'deleted_at' THEN CASE WHEN c.new_values ->> 'deleted_at' IS NULL THEN 'restored' ELSE 'deleted' END
        WHEN c.new_values ? 'resolve_by' THEN 'deadline moved from ' || (c.old_values ->> 'resolve_by') || ' to ' || (c.new_values ->> 'resolve_by')
        ELSE 'changed ' || array_to_string(ARRAY(SELECT jsonb_object_keys(c.old_values) ORDER BY 1), ', ')
    END AS change,
    c.linked,
    c.old_values,
    c.new_values,
    c.changed_by,
    c.reason,
    c.changed_login AS login,
    c.id AS change_id
FROM record_change c;
