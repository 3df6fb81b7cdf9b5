CREATE TABLE shapes (
    side integer NOT NULL,
    area integer GENERATED ALWAYS AS (side * side) STORED,
    perimeter integer GENERATED ALWAYS AS (side * 4) VIRTUAL,
    label text GENERATED ALWAYS AS ('side ' || side)
);
