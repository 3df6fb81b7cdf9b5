create table public.orders (
    id bigint primary key,
    account_id bigint
);

-- accounts has no "account_no" column: fails at run time, not at parse time.
alter table public.orders
    add constraint orders_account_fk foreign key (account_id) references public.accounts (account_no);
