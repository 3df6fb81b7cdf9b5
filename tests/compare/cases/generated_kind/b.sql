-- the same expressions, each column of the other kind (area virtual, perimeter and label stored)
CREATE TABLE shapes (
    side integer NOT NULL,
    area integer GENERATED ALWAYS AS (side * side) VIRTUAL,
    perimeter integer GENERATED ALWAYS AS (side * 4) STORED,
    label text GENERATED ALWAYS AS ('side ' || side) STORED
);
