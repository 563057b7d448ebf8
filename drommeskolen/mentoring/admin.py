"""Nothing in the admin: mentor leads are designated in the resource group (programme)."""
