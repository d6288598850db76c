import MICommands

ToolMain.run(FlowCommand.self)
