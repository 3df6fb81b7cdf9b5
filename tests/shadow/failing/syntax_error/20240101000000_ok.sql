create table public.kept_out (id int primary key);
