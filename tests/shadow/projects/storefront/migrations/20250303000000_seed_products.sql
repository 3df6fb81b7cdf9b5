insert into public.products (sku, name, price_cents, metadata) values
  ('TEE-001', 'T-shirt', 1999, '{"sizes": ["S", "M", "L"]}'),
  ('MUG-001', 'Mug', 1299, '{}');
update public.products set metadata = metadata || jsonb_build_object('checksum', encode(extensions.hmac(sku, 'k', 'sha256'), 'hex'));
