-- an extension installed by hand (a strict spec lists the extensions there are)
CREATE EXTENSION tsm_system_rows;
