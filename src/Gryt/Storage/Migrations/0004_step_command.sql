-- gryt schema, version 4: the command each step ran (secrets masked), so that an export shows
-- what was tested and not only the step's name. NULL for a custom step written in C#.

ALTER TABLE step_runs ADD COLUMN command TEXT;
