-- How an alarm was closed, as a code the pages word in their language instead of text made by
-- the server: 'recovered' (back to normal and seen; by the system, closed_by empty, or by the
-- person who acknowledged it), 'manual' (closed by a person with the reason in close_reason).
ALTER TABLE alarms ADD COLUMN close_code TEXT NOT NULL DEFAULT '';
UPDATE alarms SET close_code = 'recovered', close_reason = ''
  WHERE closed_at IS NOT NULL AND close_reason = '恢复正常';
UPDATE alarms SET closed_by = '' WHERE close_code = 'recovered' AND closed_by = 'system';
UPDATE alarms SET close_code = 'manual' WHERE closed_at IS NOT NULL AND close_code = '';
-- The alarm an incident was made from (转事件); the alarm records the incident in incident_id.
ALTER TABLE incidents ADD COLUMN source_alarm_id INTEGER REFERENCES alarms (id) ON DELETE SET NULL;
UPDATE incidents SET source_alarm_id =
  (SELECT MIN(a.id) FROM alarms a WHERE a.incident_id = incidents.id);
