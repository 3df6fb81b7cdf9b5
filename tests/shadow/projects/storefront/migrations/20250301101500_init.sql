create extension if not exists pgcrypto with schema extensions;

create table public.products (
  id uuid primary key default gen_random_uuid(),
  sku text not null unique,
  name text not null,
  price_cents integer not null check (price_cents >= 0),
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);

create table public.orders (
  id uuid primary key default gen_random_uuid(),
  customer_id uuid not null references auth.users (id) on delete restrict,
  status text not null default 'pending' check (status in ('pending', 'paid', 'shipped', 'cancelled')),
  total_cents integer not null default 0,
  created_at timestamptz not null default now()
);
create index orders_customer_id_idx on public.orders (customer_id);

create table public.order_items (
  order_id uuid not null references public.orders (id) on delete cascade,
  product_id uuid not null references public.products (id),
  quantity integer not null check (quantity > 0),
  unit_price_cents integer not null,
  primary key (order_id, product_id)
);
create index order_items_product_id_idx on public.order_items (product_id);

create table public.api_keys (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references auth.users (id) on delete cascade,
  key_hash text not null,
  -- Shown once, then only the hash is kept.
  prefix text not null default encode(extensions.gen_random_bytes(6), 'hex'),
  created_at timestamptz not null default now()
);

alter table public.products enable row level security;
alter table public.orders enable row level security;
alter table public.order_items enable row level security;
alter table public.api_keys enable row level security;

create policy products_read on public.products for select to anon, authenticated using (true);
create policy orders_own on public.orders for select to authenticated
  using (customer_id = (select auth.uid()));
create policy order_items_own on public.order_items for select to authenticated
  using (exists (select 1 from public.orders o where o.id = order_id and o.customer_id = (select auth.uid())));
create policy api_keys_own on public.api_keys for all to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy "admins see all orders" on public.orders for select to authenticated
  using (coalesce((select auth.jwt()) -> 'app_metadata' ->> 'role', '') = 'admin');
