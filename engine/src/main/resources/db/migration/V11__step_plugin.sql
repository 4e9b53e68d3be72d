-- The plugin that brought a step's kind (its jar, the jar's SHA-256 and its version), with each
-- committed step: a step of a plugin kind says which build of the plugin made it, as golden records
-- do. Null for the engine's own kinds and for steps committed before this column.
ALTER TABLE step_log ADD COLUMN plugin text;
