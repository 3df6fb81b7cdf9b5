create table public.t (id int primary key, a text);
do $$
declare r record;
begin
    execute format('alter table %I add column b int', 't');
    if current_setting('server_version_num')::int >= 150000 then
        create index t_a on public.t (a);
    end if;
    for r in select 1 loop
        alter table public.t add column c int;
    end loop;
end $$;
create operator public.=== (leftarg = int, rightarg = int, function = int4eq);
selec 1;
