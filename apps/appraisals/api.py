from ninja import Router

router = Router(tags=["民主评议与换届"])
