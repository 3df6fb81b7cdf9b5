-- A typo on line 4.
create table public.t1 (id int primary key);

create tabel public.t2 (id int);
