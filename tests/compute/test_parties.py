from decimal import Decimal

from pipelines.compute import parties

from .records import small_dataset


def test_credit_exposure_over_limit_first():
    exposure = parties.credit_exposure(small_dataset().frame("clients"))
    assert exposure.select("code_client", "disponible", "depassement").rows() == [
        ("C0002", Decimal(-500), True),  # 1 500 outstanding for a 1 000 limit
        ("C0001", Decimal("3799.50"), False),
    ]


def test_customer_list_names_the_salesperson():
    dataset = small_dataset()
    customers = parties.customer_list(dataset.frame("clients"), dataset.frame("salaries"))
    assert customers.select("code_client", "commercial_nom").rows() == [
        ("C0001", "Paul Durand"), ("C0002", "Paul Durand"),
    ]


def test_supplier_list_leaves_the_bank_account_out():
    suppliers = parties.supplier_list(small_dataset().frame("fournisseurs"))
    assert "iban" not in suppliers.columns
    assert suppliers["client_lie"].to_list() == ["C0001"]


def test_items_by_supplier():
    items = parties.supplier_items(small_dataset().frame("articles"))
    assert items.select("code_fournisseur", "reference").rows() == [
        ("F0001", "ART-0001"), ("F0001", "ART-0002"), ("F0001", "ART-0003"),
    ]


def test_credit_summary():
    exposure = parties.credit_exposure(small_dataset().frame("clients"))
    assert parties.credit_summary(exposure).rows() == [(2, Decimal("2700.50"), 1)]
